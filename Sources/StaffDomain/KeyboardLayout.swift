/// Keyboard-wedge scanners "type" what they read as key presses of the layout they are set to.
/// One set to a US layout, plugged into a machine with a French AZERTY layout, types
/// `ORDER:1040001:K7Q2MX9A` as `ORDERM&à'ààà&MK7A2?X9Q`: digits come out as the unshifted
/// symbols of the digit row, `:` as `M`, and A/Q, Z/W, M swap places. This reads such text back.
public enum KeyboardLayout {
  /// What each character received stands for, when a US-layout scanner types on AZERTY.
  static let usOnAzerty: [Character: Character] = [
    "&": "1", "é": "2", "\"": "3", "'": "4", "(": "5", "-": "6", "è": "7", "_": "8", "ç": "9", "à": "0",
    "M": ":", "?": "M", "A": "Q", "Q": "A", "Z": "W", "W": "Z",
  ]

  /// The payload the scanner meant, when `text` is not a VGK code as typed but is one once read
  /// back from a US layout on AZERTY; nil otherwise (a valid code stays as it is).
  public static func repairedPayload(_ text: String) -> String? {
    if case .success = ScanPayload.parseTyped(text) { return nil }
    var trimmed = text
    // One Enter (CR, LF or both: "\r\n" is one Character) ends what a scanner types.
    if let last = trimmed.last, last.isNewline { trimmed.removeLast() }
    let mapped = String(trimmed.map { usOnAzerty[$0] ?? $0 })
    guard mapped != trimmed, case .success(let payload) = ScanPayload.parseTyped(mapped) else { return nil }
    return payload.text
  }
}
