import Foundation
import StaffDomain
import Testing

extension TmuxTests {
  /// A ticket whose subject has a thumbs-up with a skin tone and a family joined by zero-width
  /// joiners, in a real terminal: every character after each emoji shows, and the end marker
  /// stands at the column the width function says (tmux's own cursor, in copy mode, tells where).
  @Test func emojiInATicketShiftNothingInARealTerminal() throws {
    let (s, db) = try counterSandbox(readyOrders: 1)
    try giveSecrets(s, db)
    let subject = "\u{1F44D}\u{1F3FD} Merci, très bien \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} Café"
    let opened = try s.run(
      ["--db", db, "tickets", "open", "--phone", "690112233", "--name", "Awa Diallo", "--category", "other", "--subject", "⟦" + subject + "⟧"],
      env: ["VGK_STAFF_USER": "amina.n"])
    #expect(opened.status == 0, "\(opened.err)")
    let session = "graphemes"
    let started = try tmux([
      "new-session", "-d", "-s", session, "-x", "132", "-y", "43",
      "exec " + commandLine(s, ["console", "--db", db, "--lang", "en"], term: "xterm-256color"),
    ])
    #expect(started.status == 0, "\(started.out)")
    defer { _ = try? tmux(["kill-server"]) }
    try logIn(session, "amina.n", "2468")
    try tmux(["send-keys", "-t", session, "4"])
    #expect(waitFor(session, "Café⟧"), "\(screen(session))")
    let lines = screen(session).split(separator: "\n", omittingEmptySubsequences: false)
    let shown = lines.filter { $0.contains("⟦") }
    #expect(shown.contains { $0.contains(" Café⟧") }, "the detail shows the subject whole")
    for line in shown {
      #expect(line.contains(" Merci, très bien "), "what follows the thumbs-up: \(line)")
      // The list's subject column is narrower than the subject: cut there with "…".
      #expect(line.contains(" Café⟧") || line.contains("\u{1F467} C…"), "what follows the family: \(line)")
    }
    // tmux's copy-mode cursor on the first ⟦ and the first ⟧: same row, as far apart as the
    // subject is wide.
    func find(_ text: String) throws -> (row: Int, column: Int) {
      try tmux(["copy-mode", "-t", session])
      try tmux(["send-keys", "-t", session, "-X", "history-top"])
      try tmux(["send-keys", "-t", session, "-X", "search-forward", text])
      let at = try tmux(["display-message", "-p", "-t", session, "#{copy_cursor_y} #{copy_cursor_x}"]).out
      try tmux(["send-keys", "-t", session, "-X", "cancel"])
      let numbers = at.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
      return (numbers.first ?? -1, numbers.dropFirst().first ?? -1)
    }
    let start = try find("⟦")
    let end = try find("⟧")
    #expect(start.row == end.row && start.row >= 0, "\(start) \(end)")
    #expect(end.column - start.column == 1 + subject.cellWidth, "\(start) \(end): \(screen(session))")
    try tmux(["send-keys", "-t", session, "q"])
  }
}
