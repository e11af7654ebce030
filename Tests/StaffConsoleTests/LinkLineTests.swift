import Foundation
import StaffDomain
import Testing

@testable import StaffConsole

/// The marketplace link on the top line: its words in both languages, the room it takes (never
/// the alerts', the staff's, the clock's or the point's code), and that it changes nothing else.
@Suite struct LinkLineTests {
  /// 09:05 today in Douala, 25 minutes before the morning's 09:30.
  static let since = Morning.at(25)
  static let up = LinkStatus(configured: true, lastContact: Morning.at(1))
  static let upWaiting = LinkStatus(configured: true, waiting: 3, lastContact: Morning.at(1))
  static let down = LinkStatus(
    configured: true, waiting: 12, oldestWaiting: Morning.at(30), lastContact: Morning.at(26), downSince: since,
    lastError: "could not connect to server: Connection refused")
  static let connecting = LinkStatus(configured: true)

  /// The top line as `render` draws it, with its trailing blanks (the screen's text drops them),
  /// so that it ends with the clock's piece, `" 09:30 "`.
  static func topLine(_ state: AppState, columns: Int = 132) -> String {
    var screen = Screen(Size(columns: columns, rows: 1))
    Console.topBar(state, &screen)
    let line = screen.text
    return line + String(repeating: " ", count: max(0, columns - line.count))
  }

  static func with(_ link: LinkStatus?, _ language: Language = .en, alerts: AlertCounts? = nil) -> AppState {
    var state = Morning.state(language)
    if let alerts { _ = Console.update(&state, .alerts(alerts)) }
    if let link { _ = Console.update(&state, .link(link)) }
    return state
  }

  @Test func theWordsInEnglish() {
    let yesterday = Morning.at(60 * 26)
    let cases: [(LinkStatus, String)] = [
      (Self.up, " Link up "),
      (Self.upWaiting, " Link up, 3 waiting "),
      (LinkStatus(configured: true, waiting: 1, lastContact: Morning.at(1)), " Link up, 1 waiting "),
      (Self.down, " Link down since 09:05, 12 waiting "),
      (LinkStatus(configured: true, lastContact: Morning.at(30), downSince: Self.since), " Link down since 09:05 "),
      (LinkStatus(configured: true, waiting: 2, downSince: yesterday), " Link down since 11-19 07:30, 2 waiting "),
      (Self.connecting, " Link: connecting… "),
    ]
    for (link, words) in cases {
      #expect(Self.topLine(Self.with(link)).contains(words), "\(link): \(Self.topLine(Self.with(link)))")
    }
  }

  @Test func theWordsInFrench() {
    let yesterday = Morning.at(60 * 26)
    let cases: [(LinkStatus, String)] = [
      (Self.up, " Liaison OK "),
      (Self.upWaiting, " Liaison OK, 3 en attente "),
      (LinkStatus(configured: true, waiting: 1, lastContact: Morning.at(1)), " Liaison OK, 1 en attente "),
      (Self.down, " Liaison coupée depuis 09:05, 12 en attente "),
      (LinkStatus(configured: true, lastContact: Morning.at(30), downSince: Self.since), " Liaison coupée depuis 09:05 "),
      (LinkStatus(configured: true, waiting: 2, downSince: yesterday), " Liaison coupée depuis 19/11 07:30, 2 en attente "),
      (Self.connecting, " Liaison\u{00A0}: connexion… "),
    ]
    for (link, words) in cases {
      #expect(Self.topLine(Self.with(link, .fr)).contains(words), "\(link): \(Self.topLine(Self.with(link, .fr)))")
    }
  }

  /// A down link is a warning on the bar; up and connecting keep the bar's own colour.
  @Test func downIsAWarning() {
    let size = Size(columns: 132, rows: 43)
    for (link, role) in [(Self.down, StyleRole.warning), (Self.up, .title), (Self.connecting, .title)] {
      let screen = Console.render(Self.with(link), size: size)
      let text = Array(Self.topLine(Self.with(link)))
      let roles = Array(screen.roles.split(separator: "\n", omittingEmptySubsequences: false)[0])
      guard let at = (0..<text.count).first(where: { String(text[$0...]).hasPrefix("Link") }) else {
        Issue.record("no link on \(String(text))")
        continue
      }
      #expect(roles[at] == role.letter, "\(link)")
    }
  }

  /// No link configured, or none read yet: the screen is the one without a link, cell for cell.
  @Test(arguments: Language.allCases)
  func noLinkShowsNothing(_ language: Language) {
    for size in [Size(columns: 80, rows: 24), Size(columns: 132, rows: 43)] {
      let plain = Console.render(Self.with(nil, language), size: size)
      for link in [LinkStatus(configured: false), LinkStatus(configured: false, waiting: 40, downSince: Self.since)] {
        #expect(Console.render(Self.with(link, language), size: size) == plain)
      }
    }
  }

  /// At every width from 80, in both languages, with the bar as crowded as it gets: whatever the
  /// bar shows without the link (the point's code, every alert, the badges, who is on duty, the
  /// clock) it shows with it, in the same place; the link takes the room left, clipped with `…` at
  /// the last, or is not shown.
  @Test(arguments: Language.allCases)
  func theLinkNeverPushesAnythingOff(_ language: Language) {
    let busy = AlertCounts(slaBreaches: 12, lowStock: 3, lockedOrders: 2, printsWaiting: 4)
    let hostile: [LinkStatus] = [
      Self.up, Self.upWaiting, Self.down, Self.connecting,
      LinkStatus(configured: true, waiting: Int.max, lastContact: Morning.at(1), downSince: Morning.now + 400 * 86400),
      LinkStatus(configured: true, waiting: -5, lastContact: Morning.at(1)),
    ]
    for alerts in [AlertCounts(), AlertCounts(slaBreaches: 1), busy] {
      for crowded in [false, true] {
        for link in hostile {
          var state = Self.with(link, language, alerts: alerts)
          state.readOnly = crowded
          state.header.training = crowded
          var without = state
          without.link = nil
          let s = state.strings
          for columns in 80...132 {
            let line = Self.topLine(state, columns: columns)
            let plain = Self.topLine(without, columns: columns)
            let clock = " " + (columns >= 100 ? s.dateTime(Morning.now) : s.clock(Morning.now)) + " "
            var kept = [" DLA-AKWA ", "amina.n", clock]
            if alerts == busy { kept += [s(.alertsLate, "12"), s(.alertsLowStock, "3"), s(.alertsLocked, "2"), s(.alertsPrints, "4")] }
            if crowded { kept += [s[.readOnlyBadge], s[.trainingBadge]] }
            // (The test's own check: the busy bar without badges shows every alert, the staff and the
            // clock at every width, though the point's code is clipped in French below 90 columns.)
            if alerts == busy && !crowded {
              #expect(kept.dropFirst().allSatisfy(plain.contains), "\(columns) columns: \(kept.filter { !plain.contains($0) }) not in \(plain)")
            }
            for piece in kept where plain.contains(piece) { #expect(line.contains(piece), "\(columns) columns: \(piece) lost from \(line)") }
            if plain.hasPrefix(" DLA-AKWA ") { #expect(line.hasPrefix(" DLA-AKWA "), "\(line)") }
            // The right-hand pieces are where they were without the link.
            let first = alerts == AlertCounts() ? (crowded ? " " + s[.readOnlyBadge] + " " : " amina.n ") : " " + s(.alertsLate, String(alerts.slaBreaches)) + " "
            if let r = plain.range(of: first) {
              let n = plain.distance(from: r.lowerBound, to: plain.endIndex)
              #expect(line.suffix(n) == plain.suffix(n), "\(columns) columns:\n\(line)\n\(plain)")
            }
            #expect(line.count == columns, "\(line)")
            // Every form of the link begins with the word `Link` (`Liaison`).
            if columns == 132 && !(alerts == busy && crowded) { #expect(line.contains(String(s[.linkDown].prefix(4))), "\(line)") }
          }
        }
      }
    }
  }

  /// The crowded bar at 80 columns says what fits: the link's longest words that leave the code
  /// whole, the point's name gone first.
  @Test func theWordsGetShorterAsRoomRunsOut() {
    let three = AlertCounts(slaBreaches: 1, lowStock: 1, lockedOrders: 1)
    #expect(Self.topLine(Self.with(Self.down, alerts: AlertCounts(slaBreaches: 1)), columns: 80).hasPrefix(" DLA-AKWA          Link down since 09:05, 12 waiting   1 late "))
    #expect(Self.topLine(Self.with(Self.down, .fr, alerts: AlertCounts(slaBreaches: 1)), columns: 80).hasPrefix(" DLA-AKWA           Liaison coupée depuis 09:05   1 en retard "))
    #expect(Self.topLine(Self.with(Self.down, alerts: three), columns: 80).hasPrefix(" DLA-AKWA         Link down   1 late "))
    #expect(Self.topLine(Self.with(Self.down, .fr, alerts: three), columns: 80).hasPrefix(" DLA-AKWA   Liaison …   1 en retard "))
    #expect(Self.topLine(Self.with(Self.up, alerts: three), columns: 80).hasPrefix(" DLA-AKWA           Link up   1 late "), "the link outranks the point's name")
    // Room for the whole line: the program's name too.
    #expect(Self.topLine(Self.with(Self.up)).hasPrefix(" VGK Staff  DLA-AKWA  VGK Akwa, Douala" + String(repeating: " ", count: 23) + "Link up   1 late "))
  }

  /// The console's rule: what arrives on its own never changes what a question acts on. A link
  /// update while the handover question is open changes the top line and nothing else: the same
  /// question, the same rows below the bar, the same effects for `y`.
  @Test(arguments: Language.allCases)
  func aLinkUpdateLeavesTheHandoverQuestionAlone(_ language: Language) {
    let before = Morning.state(language)
    let size = before.size
    let asked = Console.render(before, size: size)
    #expect(asked.question?.contains("1040001") == true)
    var after = before
    for link in [Self.down, Self.up, Self.connecting, LinkStatus(configured: false)] {
      #expect(Console.update(&after, .link(link)).isEmpty, "a link update asks the runner for nothing")
    }
    _ = Console.update(&after, .link(Self.down))
    var expected = before
    expected.link = Self.down
    #expect(after == expected, "only the link changed in the state")
    let shown = Console.render(after, size: size)
    #expect(shown.question == asked.question)
    let rows = { (s: Screen) in s.text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst() }
    #expect(Array(rows(shown)) == Array(rows(asked)), "below the top line, the screen is the same")
    #expect(shown.text.split(separator: "\n")[0] != asked.text.split(separator: "\n")[0])
    var plain = before
    #expect(press(&after, .character("y")) == [.scans(.handOver(order: 1_040_001, scan: 12))])
    #expect(press(&plain, .character("y")) == [.scans(.handOver(order: 1_040_001, scan: 12))])
  }

  /// A link update between a held list and the answer does not release the list early: the new
  /// scan still waits for the question to be answered.
  @Test func aLinkUpdateDoesNotReleaseWhatAQuestionHolds() {
    var state = Morning.state()
    var rows = Morning.scans
    var newer = rows[0]
    newer.id = 13
    newer.orderID = 1_040_013
    newer.payload = "ORDER:1040013:***"
    rows.insert(newer, at: 0)
    #expect(Console.update(&state, .scans(.loaded(rows))).isEmpty)
    let held = state.held
    let message = state.message
    #expect(held.count == 1)
    _ = Console.update(&state, .link(Self.down))
    #expect(state.held == held && state.message == message && state.scans.pane.list.selected == 12)
    #expect(Console.render(state, size: state.size).question?.contains("1040001") == true)
  }

  /// The link is the point's, not the session's: it stays through a logout and shows on the
  /// login screen (it names no customer and no staff member).
  @Test func theLinkOutlivesTheSession() {
    var state = Self.with(Self.down)
    _ = Console.perform(&state, .logout)
    #expect(state.login != nil && state.link == Self.down)
    #expect(Self.topLine(state).contains(" Link down since 09:05, 12 waiting "))
    _ = Console.update(&state, .link(Self.up))
    #expect(Self.topLine(state).contains(" Link up "))
  }
}
