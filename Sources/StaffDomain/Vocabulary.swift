/// The fixed vocabularies of the domain. Their raw values are what the database stores and what
/// import files and the command line spell; they are part of the file formats and never renamed.

public enum OrderStatus: String, CaseIterable, Sendable, Codable {
  case expected, received, ready, pickedUp = "picked_up", returned, cancelled
}

public enum TaskType: String, CaseIterable, Sendable, Codable {
  case stockReceive = "STOCK_RECEIVE", inventoryCount = "INVENTORY_COUNT", orderPickup = "ORDER_PICKUP"
  case customerService = "CUSTOMER_SERVICE", cleaning = "CLEANING", reporting = "REPORTING"
}

public enum Priority: String, CaseIterable, Sendable, Codable, Comparable {
  case urgent = "URGENT", high = "HIGH", medium = "MEDIUM", low = "LOW"

  /// The default service-level time, in seconds (points may configure their own).
  public var defaultSLA: Int64 {
    switch self {
    case .urgent: 2 * 3600
    case .high: 8 * 3600
    case .medium: 24 * 3600
    case .low: 48 * 3600
    }
  }

  private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
  /// Urgent sorts first.
  public static func < (a: Priority, b: Priority) -> Bool { a.rank < b.rank }
}

public enum TaskStatus: String, CaseIterable, Sendable, Codable {
  case open, inProgress = "in_progress", waiting, done, cancelled
}

public enum WaitingReason: String, CaseIterable, Sendable, Codable {
  case customer, supplier, otherStaff = "other_staff"
}

public enum MovementType: String, CaseIterable, Sendable, Codable {
  case receive = "RECEIVE", pick = "PICK", return_ = "RETURN", damage = "DAMAGE"
  case adjustment = "ADJUSTMENT", transfer = "TRANSFER"

  /// DAMAGE and ADJUSTMENT must say why.
  public var needsReason: Bool { self == .damage || self == .adjustment }
}

public enum TicketCategory: String, CaseIterable, Sendable, Codable {
  case missingItem = "missing_item", damaged, wrongItem = "wrong_item", late
  case paymentRefund = "payment_refund", other
}

public enum TicketStatus: String, CaseIterable, Sendable, Codable {
  case new, open, waitingCustomer = "waiting_customer", resolved, closed
}

public enum MessageDirection: String, CaseIterable, Sendable, Codable {
  case inbound = "in", outbound = "out", note
}

public enum Channel: String, CaseIterable, Sendable, Codable {
  case counter, phone, sms, whatsapp, email
}

public enum StaffRole: String, CaseIterable, Sendable, Codable {
  case clerk, supervisor, admin
}

public enum ItemCondition: String, CaseIterable, Sendable, Codable {
  case new, likeNew = "like_new", good, fair
}

public enum LocationKind: String, CaseIterable, Sendable, Codable {
  case shelf, backRoom = "back_room", inTransit = "in_transit", counter
}

extension RawRepresentable where Self: CaseIterable, RawValue == String {
  /// Parses a spelling case-insensitively; the error lists the accepted spellings.
  public static func parse(_ text: String) -> Result<Self, FieldError> {
    let t = text.trimmingSpaces
    if let v = allCases.first(where: { $0.rawValue.lowercased() == t.lowercased() }) { return .success(v) }
    let names = allCases.map(\.rawValue).joined(separator: ", ")
    return .failure(.init(.notOneOf, .text(t), .text(names)))
  }
}
