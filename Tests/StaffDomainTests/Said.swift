import StaffDomain

extension Result where Failure == FieldError {
  /// The refusal in English, nil on success: what tests that name the words compare.
  var said: String? {
    if case .failure(let e) = self { return e.description }
    return nil
  }
}
