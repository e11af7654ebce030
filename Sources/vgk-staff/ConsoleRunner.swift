import ArgumentParser
import Foundation
import StaffConsole
import StaffCurses
import StaffDomain
import StaffServices
import StaffStore

/// The options every console has (`console` and `demo`).
struct ConsoleOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Key bindings: default, azerty, vi, or a keymap file (default: config keymap, else default).", valueName: "name|file"))
  var keymap: String?

  @Option(help: ArgumentHelp("Language of the screens: fr or en (default: config lang, else the locale).", valueName: "lang"))
  var lang: String?
}

/// What the login screen needs: the host's login journal and the secrets' hasher, or why they
/// cannot be had (then every login is refused with that reason).
struct LoginDesk: Sendable {
  let journal: LoginState?
  let hasher: SecretHasher?
  let problem: String?

  init(_ env: Environment, _ database: AppDatabase) {
    var found: (LoginState, SecretHasher)?
    var problem: String?
    do {
      found = (try env.loginState(database), try env.hasher())
    } catch {
      problem = "\(error)"
    }
    (journal, hasher, self.problem) = (found?.0, found?.1, problem)
  }
}

/// The console's run loop: keys, the clock and the database's changes go in as events; effects
/// come out and are performed on a worker thread (so a slow read never holds up a key), their
/// results going back in as events; a frame is drawn only when the screen changed.
final class ConsoleRunner {
  let database: AppDatabase
  let counter: Counter?
  var state: AppState
  let camera: CameraIngest?
  let terminalName: String
  let tasks: TaskSettings
  /// The tickets' conversations and commands (nil without the personal-data key).
  let desk: TicketDesk?
  let logins: LoginDesk
  /// The label printer of the configuration (nil when the config names none or a bad one).
  let printer: Printer?
  /// The language of the labels' words (the point's `lang`).
  let labelLanguage: Language
  private let worker = DispatchQueue(label: "vgk-staff console worker")
  /// Printing has a queue of its own: a printer out of paper (up to its timeout) must not hold up
  /// scans and handovers.
  private let printWorker = DispatchQueue(label: "vgk-staff console printer")
  private let rules: BackgroundRules
  /// The marketplace link's state for the top line (nil when the config has no link_url).
  let link: ConsoleLink?
  /// Something changed since the last frame.
  private var dirty = true
  private let mailbox = Mailbox()

  /// Where the worker leaves the events of effects it performed.
  final class Mailbox: @unchecked Sendable {
    private let lock = NSCondition()
    private var events: [Event] = []
    private var pending = 0

    func started() { lock.withLock { pending += 1 } }
    func finished(_ event: Event?) {
      lock.withLock {
        pending -= 1
        if let event { events.append(event) }
        lock.broadcast()
      }
    }
    func take() -> [Event] {
      lock.withLock {
        defer { events.removeAll() }
        return events
      }
    }
    var busy: Bool { lock.withLock { pending > 0 || !events.isEmpty } }
    /// Waits until no effect is being performed, or until `deadline`.
    func waitIdle(until deadline: Date) {
      lock.withLock {
        while pending > 0 && lock.wait(until: deadline) {}
      }
    }
  }

  init(
    database: AppDatabase, counter: Counter?, state: AppState, camera: CameraIngest?, terminalName: String, tasks: TaskSettings,
    desk: TicketDesk?, logins: LoginDesk, printer: Printer?, labelLanguage: Language = .en, link: ConsoleLink? = nil
  ) {
    self.labelLanguage = labelLanguage
    self.link = link
    self.desk = desk
    self.logins = logins
    self.printer = printer
    self.database = database
    self.counter = counter
    self.state = state
    self.camera = camera
    self.terminalName = terminalName
    self.tasks = tasks
    rules = BackgroundRules(tasks, database: database, terminal: terminalName, clock: { try currentTime(database) })
    // A journal found lost or replaced locks every login for a while: the login screen says so.
    if let until = logins.journal?.everyoneLockedUntil {
      let notice = Message(self.state.strings(.journalReplaced, until.localTimeOfDay), .warning)
      self.state.login?.notice = notice
    }
  }

  /// Builds the first state: the language, the keymap (its problems reported on standard error
  /// and in the message line), the point, and the login screen (nobody is on duty until someone
  /// logs in: the role comes from the login).
  static func prepare(
    _ options: ConsoleOptions, env: Environment, database: AppDatabase
  ) throws -> (AppState, [String]) {
    let language = try ConsoleSetup.language(
      options.lang ?? env.config.languageText, source: options.lang == nil ? "config lang" : "--lang", environment: Environment.env)
    Output.language = language
    let (keymap, problems) = try ConsoleSetup.keymap(options.keymap ?? env.config.keymap, environment: Environment.env)
    let header = try ConsoleQueries.header(database)
    var state = AppState(
      language: language, keymap: keymap, now: try currentTime(database), size: Size(columns: 80, rows: 24), header: header,
      staff: nil, terminalName: try Environment.terminalName())
    state.login = LoginPane.State()
    state.readOnly = database.isReadOnly
    state.idleLock = try env.config.idleLock()
    state.tasks.policy = try env.config.slaPolicy()
    state.tickets.targets = try env.config.ticketTargets()
    if let first = problems.first {
      let shown = "\((first.file as NSString).lastPathComponent):\(first.line): \(first.reason)"
      let notice = Message(state.strings(.keymapProblems, String(problems.count), shown), .warning)
      state.login?.notice = notice
    }
    return (state, problems.map(\.description))
  }

  /// Runs until `q`, a quit signal, or the terminal going away. Without a terminal, prints the
  /// first screen as text (for scripts and logs) and returns.
  func run() throws {
    StopSignals.install()
    let terminal: Terminal
    do {
      terminal = try Terminal()
    } catch {
      if !database.isReadOnly {
        rules.run()
        rules.wait(seconds: 5)
      }
      // Nobody can log in without a terminal: the login screen is what there is to show.
      print(Console.render(state, size: state.size).text)
      return
    }
    defer { terminal.close() }
    let watcher = try ChangeWatcher(database)
    defer { try? watcher.close() }
    _ = try? watcher.changed()
    state.size = terminal.size
    if !database.isReadOnly { rules.run() }
    var lastPoll = 0.0
    var cameraTaken = camera?.taken
    var cameraLine = camera?.status
    if let cameraLine { _ = Console.update(&state, .camera(cameraLine)) }
    var shown: Screen?
    // What is drawn changes with an event, or with the clock's minute (the screen shows minutes):
    // an idle console renders once a minute, not at every wake-up.
    var drawnMinute: Int64 = -1
    var hungUp = false
    while !state.quitting && !StopSignals.requested {
      if absorb() { dirty = true }
      perform(Console.update(&state, .tick(try currentTime(database))))
      let clock = ProcessInfo.processInfo.systemUptime
      if !database.isReadOnly { rules.everyMinute() }
      for problem in rules.takeProblems() {
        perform(Console.update(&state, .warning(problem)))
        dirty = true
      }
      // A photo just taken is looked for at once, not at the next quarter of a second.
      if clock - lastPoll >= 0.25 || camera?.taken != cameraTaken {
        lastPoll = clock
        cameraTaken = camera?.taken
        if (try? watcher.changed()) == true { perform(Console.update(&state, .dataChanged)) }
        if let status = link?.status(), status != state.link {
          perform(Console.update(&state, .link(status)))
          dirty = true
        }
        if let line = camera?.status, line != cameraLine {
          cameraLine = line
          perform(Console.update(&state, .camera(line)))
          dirty = true
        }
      }
      if dirty || state.now.seconds / 60 != drawnMinute {
        let screen = Console.render(state, size: state.size)
        if screen != shown {
          terminal.draw(screen)
          shown = screen
        }
        dirty = false
        drawnMinute = state.now.seconds / 60
      }
      // Short waits while the worker has something for us or a photo is settling in the camera
      // folder, a quarter of a second otherwise.
      let wait: Int32 = busy || camera?.expectingPhoto == true ? 20 : 250
      let (inputs, scanned) = terminal.readKeys(milliseconds: wait)
      if let scanned {
        perform(Console.update(&state, .scanned(scanned)))
        dirty = true
      }
      for input in inputs {
        switch input {
        case .key(let key):
          perform(Console.update(&state, .key(key)))
          dirty = true
        case .resize:
          perform(Console.update(&state, .resize(terminal.size)))
          dirty = true
        case .idle: break
        case .hangUp:
          state.quitting = true
          hungUp = true
        }
      }
    }
    // The session ends with the console.
    if let session = state.session, let journal = logins.journal {
      try? journal.endSession(session, reason: hungUp || StopSignals.requested ? "hangup" : "quit", now: realTime())
    }
    // A handover or refusal under way finishes (its transaction is all or nothing either way),
    // and a pass of the task rules if it can; well within the 2 s a dropped terminal allows.
    waitForResults(seconds: 1.2)
    rules.wait(seconds: 0.5)
  }

  private var busy: Bool { mailbox.busy }

  /// Results the worker finished, fed to the state; true when there were any.
  @discardableResult
  private func absorb() -> Bool {
    let events = mailbox.take()
    for event in events { perform(Console.update(&state, event)) }
    return !events.isEmpty
  }

  private func waitForResults(seconds: Double) {
    mailbox.waitIdle(until: Date().addingTimeInterval(seconds))
  }

  private func perform(_ effects: [Effect]) {
    for effect in effects where effect != .quit {
      let (database, counter, terminal, mailbox, settings, desk) = (database, counter, terminalName, mailbox, tasks, desk)
      let (now, staff, logins, printer, language) = (state.now, state.staff?.login, logins, printer, labelLanguage)
      mailbox.started()
      if case .printLabel(let request) = effect {
        printWorker.async {
          mailbox.finished(Labels.print(request, database: database, language: language, printer: printer, staff: staff, terminal: terminal, now: now))
        }
        continue
      }
      worker.async {
        if case .logIn(let login, let secret) = effect {
          // The throttle counts on the real clock, whatever VGK_STAFF_NOW pins.
          mailbox.finished(Self.logIn(login, secret, database: database, logins: logins, terminal: terminal, now: realTime()))
          return
        }
        if case .team(.unlockLogin(let login, let secret)) = effect {
          mailbox.finished(
            Self.unlockLogin(login, secret: secret, by: staff, database: database, logins: logins, terminal: terminal, now: realTime()))
          return
        }
        if case .previewLabel(let request) = effect {
          mailbox.finished(Labels.preview(request, database: database, language: language))
          return
        }
        if case .endSession(let id, let reason) = effect {
          try? logins.journal?.endSession(id, reason: reason, now: realTime())
          mailbox.finished(nil)
          return
        }
        let event = Self.run(effect, database: database, counter: counter, desk: desk, settings: settings, now: now, staff: staff, terminal: terminal)
        // A failure is the failing effect's tab's: the others keep waiting for their own answers.
        if case .failed(let why, nil)? = event {
          mailbox.finished(.failed(why, pane: effect.pane))
        } else {
          mailbox.finished(event)
        }
      }
    }
  }

  /// The login screen's check: Argon2id, throttled through the host's journal.
  static func logIn(_ login: String, _ secret: String, database: AppDatabase, logins: LoginDesk, terminal: String, now: Timestamp) -> Event {
    guard let journal = logins.journal, let hasher = logins.hasher else {
      return .failed(Message(.loginsUnchecked, .text(logins.problem ?? "no login journal")))
    }
    do {
      switch try Accounts.logIn(database, journal: journal, hasher: hasher, login: login, secret: secret, terminal: terminal, now: now) {
      case .success(let (account, session)):
        return .loggedIn(StaffOnDuty(login: account.login, name: account.fullName, role: account.role), session: session)
      case .failure(let refusal):
        return .loginRefused(refusal)
      }
    } catch {
      return .failed(said(error))
    }
  }

  /// A login's lock lifted from the team: the secret of whoever is on duty is checked first, as a
  /// login (throttled, on the real clock), then the journal forgets the failures, audited.
  static func unlockLogin(
    _ login: String, secret: String, by staff: String?, database: AppDatabase, logins: LoginDesk, terminal: String, now: Timestamp
  ) -> Event {
    guard let journal = logins.journal, let hasher = logins.hasher, let staff else {
      return .failed(Message(.loginsUnchecked, .text(logins.problem ?? "no login journal")), pane: .team)
    }
    do {
      switch try Accounts.logIn(
        database, journal: journal, hasher: hasher, login: staff, secret: secret, terminal: terminal, now: now, audited: false)
      {
      case .success(let (_, session)):
        try journal.endSession(session, reason: "unlock", now: now)
        let forgotten = try Accounts.unlock(database, journal: journal, login: login, by: staff, terminal: terminal, now: now)
        return .team(.loginUnlocked(login, forgotten: forgotten))
      case .failure(let refusal):
        return .team(.loginUnlockRefused(login, refusal))
      }
    } catch {
      return .failed(said(error), pane: .team)
    }
  }

  /// Performs one effect against the store; the event that reports it.
  static func run(
    _ effect: Effect, database: AppDatabase, counter: Counter?, desk: TicketDesk?, settings: TaskSettings, now: Timestamp, staff: String?,
    terminal: String
  ) -> Event? {
    do {
      switch effect {
      case .loadAlerts: return .alerts(try ConsoleQueries.alerts(database, now: now))
      case .scans(.load): return .scans(.loaded(try ConsoleQueries.scans(database)))
      case .scans(.loadDetail(let scan)): return .scans(.detail(scan: scan, try ConsoleQueries.scanDetail(database, scanID: scan)))
      case .scans(.process(let text, let repaired, let typed)):
        guard let counter else { return .failed(Message(.noKeyScans)) }
        let result = try counter.process(text: text, source: .scanner, staff: staff, terminal: terminal, now: now)
        return .scans(.processed(result, repaired: repaired, typed: typed))
      case .scans(.handOver(let order, let scan)):
        guard let counter, let staff else { return .failed(Message(.noOneOnDuty)) }
        switch try counter.confirmHandover(orderID: order, scanID: scan, staff: staff, terminal: terminal, now: now) {
        case .success(let h): return .scans(.handedOver(order: h.orderID, scan: scan))
        case .failure(let refusal): return .scans(.handOverRefused(scan: scan, refusal))
        }
      case .scans(.refuseHandover(let scan, let order, let reason)):
        guard let counter, let staff else { return .failed(Message(.noOneOnDuty)) }
        // The question named this order: a scan of another one is not refused in its name.
        guard try ConsoleQueries.scanOrder(database, scanID: scan) == order else {
          return .failed(Message(.scanNotOfOrder, .id(scan), .id(order)), pane: .scans)
        }
        switch try counter.refuseHandover(scanID: scan, reason: reason, staff: staff, terminal: terminal, now: now) {
        case .success(let decision):
          let order = try ConsoleQueries.scanOrder(database, scanID: scan) ?? 0
          return .scans(.refusalRecorded(scan: scan, order: order, decision))
        case .failure(let r): return .scans(.refusalFailed(scan: scan, r))
        }
      case .scans(.unlockOrder(let order)):
        guard let counter, let staff else { return .failed(Message(.noOneOnDuty)) }
        do {
          _ = try counter.unlock(orderID: order, staff: staff, terminal: terminal, now: now)
          return .scans(.orderUnlocked(order))
        } catch let e as StoreError {
          return .warning(e.message)
        }
      case .tasks(.load(let filter)):
        let (page, staff) = try ConsoleQueries.tasks(database, filter: filter, now: now)
        return .tasks(.loaded(page, staff: staff))
      case .tasks(.command(let id, let command)):
        guard let staff else { return .failed(Message(.noOneOnDuty)) }
        let task = try TaskBoard(database: database, policy: settings.policy).apply(command, to: id, by: staff, terminal: terminal, now: now)
        return .tasks(.changed(task, command))
      case .tasks(.add(let new)):
        guard let staff else { return .failed(Message(.noOneOnDuty)) }
        return .tasks(.added(try TaskBoard(database: database, policy: settings.policy).add(new, by: staff, terminal: terminal, now: now)))
      case .stock(.load): return .stock(.loaded(try ConsoleQueries.stock(database)))
      case .stock(.loadMovements): return .stock(.movements(try Inventory(database: database).history(limit: ConsoleQueries.listLimit)))
      case .stock(.loadHistory(let product)):
        return .stock(.history(product: product, try Inventory(database: database).history(product: product, limit: 8)))
      case .stock(.command(let command)):
        guard let staff else { return .failed(Message(.noOneOnDuty)) }
        do {
          return .stock(.done(try StockEffects.perform(command, inventory: Inventory(database: database), staff: staff, terminal: terminal, now: now)))
        } catch let e as CountChanged {
          // Not what was shown: the new differences are shown, to be confirmed again.
          return .stock(.answer(.closeCount(e.preview, changed: true)))
        } catch let e as StoreError {
          return .stock(.refused(e.message))
        }
      case .stock(.query(let query)):
        do {
          return .stock(.answer(try StockEffects.answer(query, inventory: Inventory(database: database))))
        } catch let e as StoreError {
          return .stock(.refused(e.message))
        }
      case .tickets(.load):
        return .tickets(.loaded(try ConsoleQueries.tickets(database), staff: try ConsoleQueries.activeStaff(database)))
      case .tickets(.loadConversation(let ticket)):
        guard let desk else { return .failed(Message(.noKeyConversations)) }
        return .tickets(.conversation(ticket: ticket, try desk.ticket(ticket).messages))
      case .tickets(.command(let id, let command)):
        guard let desk else { return .failed(Message(.noKeyTickets)) }
        guard let staff else { return .failed(Message(.noOneOnDuty)) }
        do {
          return .tickets(try TicketEffects.perform(command, on: id, desk: desk, staff: staff, terminal: terminal, now: now))
        } catch let e as StoreError {
          return .tickets(.refused(e.message))
        }
      case .tickets(.open(let o)):
        guard let desk else { return .failed(Message(.noKeyTickets)) }
        guard let staff else { return .failed(Message(.noOneOnDuty)) }
        do {
          let ticket = try desk.open(
            NewTicket(phone: o.phone, name: o.name, category: o.category, priority: .medium, subject: o.subject, channel: .counter),
            by: staff, terminal: terminal, now: now)
          return .tickets(.opened(ticket.id))
        } catch let e as StoreError {
          return .tickets(.refused(e.message))
        }
      case .team(.load):
        return .team(.loaded(try ConsoleQueries.team(database, now: now, standards: settings.standards, targets: desk?.targets ?? .standard)))
      case .team(.loadAudit(let filter)):
        // Asked for by the Team tab's audit keys, which the role table allows supervisors and admins.
        return .team(.audit(try AuditTrail.list(database, filter), staff: try ConsoleQueries.activeStaff(database)))
      case .checkAccount(let login):
        let account = try Accounts.account(database, login: login)
        return .account(login: login, role: account?.role, active: account?.active ?? false)
      case .quit, .logIn, .team(.unlockLogin), .endSession, .previewLabel, .printLabel:
        return nil
      }
    } catch let refusal as TaskRefusal {
      return .tasks(.refused(refusal))
    } catch {
      return .failed(said(error))
    }
  }
}
