import StaffDomain

/// Every action a key can be bound to. The names are the keymap files' vocabulary; the man page
/// (vgk-staff-keymap(5)) lists the same, and a test keeps the three in step.
public enum Action: String, CaseIterable, Sendable {
  case quit
  case logout
  case help
  case tabScans = "tab-scans"
  case tabTasks = "tab-tasks"
  case tabStock = "tab-stock"
  case tabTickets = "tab-tickets"
  case tabTeam = "tab-team"
  case nextTab = "next-tab"
  case previousTab = "previous-tab"
  case moveUp = "move-up"
  case moveDown = "move-down"
  case pageUp = "page-up"
  case pageDown = "page-down"
  case first
  case last
  case open
  case back
  case filter
  case scanInput = "scan-input"
  case confirm
  case decline
  case reject
  case orderUnlock = "order-unlock"
  case taskAdd = "task-add"
  case taskStart = "task-start"
  case taskWait = "task-wait"
  case taskResume = "task-resume"
  case taskDone = "task-done"
  case taskCancel = "task-cancel"
  case taskTake = "task-take"
  case taskAssign = "task-assign"
  case taskPriority = "task-priority"
  case filterType = "filter-type"
  case filterAssignee = "filter-assignee"
  case filterState = "filter-state"
  case stockView = "stock-view"
  case stockMove = "stock-move"
  case stockReverse = "stock-reverse"
  case transferSend = "transfer-send"
  case transferReceive = "transfer-receive"
  case countOpen = "count-open"
  case countAdd = "count-add"
  case countClose = "count-close"
  case labelPrint = "label-print"
  case ticketReply = "ticket-reply"
  case ticketAsk = "ticket-ask"
  case ticketIn = "ticket-in"
  case ticketNote = "ticket-note"
  case ticketResolve = "ticket-resolve"
  case ticketClose = "ticket-close"
  case ticketReopen = "ticket-reopen"
  case ticketTake = "ticket-take"
  case ticketAssign = "ticket-assign"
  case ticketReveal = "ticket-reveal"
  case auditView = "audit-view"
  case auditBy = "audit-by"
  case auditAction = "audit-action"
  case staffUnlock = "staff-unlock"
  case ticketOpen = "ticket-open"

  /// What the action does, in English (the help screen and the man page).
  public var summary: String {
    switch self {
    case .quit: "leave the console"
    case .logout: "log out: back to the login screen"
    case .help: "show the keys and what they do"
    case .tabScans: "show the scan queue"
    case .tabTasks: "show the task board"
    case .tabStock: "show the stock"
    case .tabTickets: "show the tickets"
    case .tabTeam: "show the team"
    case .nextTab: "show the next tab"
    case .previousTab: "show the previous tab"
    case .moveUp: "select the line above"
    case .moveDown: "select the line below"
    case .pageUp: "go one page up"
    case .pageDown: "go one page down"
    case .first: "select the first line"
    case .last: "select the last line"
    case .open: "open the selected line"
    case .back: "close the detail, the filter or the help"
    case .filter: "filter the list by text"
    case .scanInput: "type or scan a code into the scanner line"
    case .confirm: "confirm: hand the order over, or yes to a question"
    case .decline: "decline: do not hand it over now, or no to a question"
    case .reject: "refuse the scan, with a reason"
    case .orderUnlock: "unlock the selected scan's order, locked by wrong codes (check the customer's identity)"
    case .taskAdd: "add a task (type, priority, title)"
    case .taskStart: "start the task (it becomes yours if it is nobody's)"
    case .taskWait: "put the task on hold, with a reason (its SLA clock stops)"
    case .taskResume: "resume a waiting task (its SLA clock runs again)"
    case .taskDone: "mark the task done"
    case .taskCancel: "cancel the task, with a reason"
    case .taskTake: "assign the task to yourself"
    case .taskAssign: "assign the task to someone, or to nobody"
    case .taskPriority: "change the task's priority (and so its SLA)"
    case .filterType: "show one task type, then the next, then all"
    case .filterAssignee: "show everyone's tasks, yours, or nobody's"
    case .filterState: "show the board, then each state in turn, the overdue ones"
    case .stockView: "show the movements feed, or the products again"
    case .stockMove: "record a movement of the selected product (its type, quantity, locations, reason)"
    case .stockReverse: "reverse the selected movement, with a reason"
    case .transferSend: "send the selected product to another pickup point"
    case .transferReceive: "receive a transfer by its slip (INVENTORY:n)"
    case .countOpen: "open a stock count for some locations (then scan the products)"
    case .countAdd: "type how many of the selected product the count found"
    case .countClose: "close the open count: see the differences and post them"
    case .labelPrint: "preview the selected product's shelf label, then print it (y)"
    case .ticketReply: "write to the customer (C-d sends)"
    case .ticketAsk: "ask the customer something: the ticket waits for their answer, its clock stopped"
    case .ticketIn: "write down what the customer said (a waiting ticket is open again)"
    case .ticketNote: "write an internal note"
    case .ticketResolve: "mark the ticket resolved"
    case .ticketClose: "close the ticket, with the customer's rating"
    case .ticketReopen: "reopen a resolved or closed ticket"
    case .ticketTake: "take the ticket yourself"
    case .ticketAssign: "give the ticket to someone, or to nobody"
    case .ticketReveal: "show the customer's phone number, for a call (written to the audit log)"
    case .auditView: "show the audit trail, or the team again"
    case .auditBy: "in the audit trail: show one person's rows, then the next one's, then everyone's"
    case .auditAction: "in the audit trail: show one family of actions, then the next, then all"
    case .staffUnlock: "on the team: lift the lock failed logins put on the selected account (your password)"
    case .ticketOpen: "open a new ticket for a customer at the counter: phone, name, category, subject"
    }
  }

  /// Dangerous actions change what cannot be taken back and always ask y/n first.
  public var isDangerous: Bool {
    [.confirm, .reject, .taskDone, .taskCancel, .stockMove, .stockReverse, .transferSend, .transferReceive, .countClose, .ticketResolve,
     .ticketClose, .ticketReopen, .ticketReveal].contains(self)
  }
}

/// Where a binding applies: everywhere, or in one pane (a pane's binding wins over a global one).
public enum KeyScope: String, CaseIterable, Sendable {
  case global, scans, tasks, stock, tickets, team, help
}

extension Action {
  /// What the action needs the role to allow on `tab` (ROLES in vgk-staff(1)); nil for moving
  /// about, answering a question already allowed, leaving, and a pane's action on another tab
  /// (it does nothing there). `confirm` and `reject` on the scan queue hand an order over (or
  /// refuse it); elsewhere they answer a question.
  public func permission(on tab: Tab) -> Permission? {
    switch self {
    case .scanInput: .scan
    case .confirm, .reject: tab == .scans ? .handOver : nil
    case .orderUnlock: tab == .scans ? .unlockOrder : nil
    case .taskStart, .taskWait, .taskResume, .taskDone, .taskTake: tab == .tasks ? .workTask : nil
    case .taskAdd, .taskAssign, .taskPriority, .taskCancel: tab == .tasks ? .manageTask : nil
    case .stockMove, .stockReverse, .transferSend, .transferReceive, .countOpen, .countAdd, .countClose: tab == .stock ? .changeStock : nil
    case .ticketReply, .ticketAsk, .ticketIn, .ticketResolve, .ticketClose, .ticketReopen, .ticketTake: tab == .tickets ? .workTicket : nil
    case .ticketNote: tab == .tickets ? .noteTicket : nil
    case .ticketOpen: tab == .tickets ? .workTicket : nil
    case .ticketAssign: tab == .tickets ? .assignTicket : nil
    case .ticketReveal: tab == .tickets ? .revealPhone : nil
    case .labelPrint: tab == .stock ? .printLabels : nil
    case .tabTeam: .readTeam
    case .auditView, .auditBy, .auditAction: tab == .team ? .readAudit : nil
    case .staffUnlock: tab == .team ? .unlockAccount : nil
    case .quit, .logout, .help, .tabScans, .tabTasks, .tabStock, .tabTickets, .nextTab, .previousTab, .moveUp, .moveDown, .pageUp,
      .pageDown, .first, .last, .open, .back, .filter, .decline, .filterType, .filterAssignee, .filterState, .stockView:
      nil
    }
  }
}
