import StaffDomain

/// Every phrase the console shows. The texts are in `Catalog`, one table per language.
public enum Phrase: String, CaseIterable, Sendable {
  case appName
  case tabScans, tabTasks, tabStock, tabTickets, tabTeam
  case noOneOnDuty, alertsLate, alertsLowStock, alertsLocked, alertsPrints, alertsNone
  case tooSmall, tooSmallNeed, tooSmallShort
  // Scans
  case colTime, colFrom, colCode, colResult
  case emptyScans, emptyList, noMatch
  case detailOrder, detailCustomer, detailShelf, detailHoldUntil, detailTotal, detailItems
  case detailProduct, detailCategory, detailPrice, detailCondition, detailStock, detailInAll, detailNowhere
  case detailMovement, detailType, detailQuantity, detailFrom, detailTo, detailBy, detailReason, detailReverses
  case detailFile, detailScannedBy, detailTerminal, detailLoading, detailLog
  case handedOverBy, handedOverMessage, refusedBy, refusalRecorded
  case chooseReason, chooseReasonHint, confirmRefusal, pressYesOrNo
  case scannerPrompt, filterPrompt, filterShowing
  case needStaff, cannotHandOver, cannotRefuse, failed
  case repairedLayout, keymapProblems, cameraFolder
  case codeCheckedAgo, verificationExpired
  // Explanations of refusals
  case whyAlreadyHandedOver, whyCodeRefused, whyLocked, whyNotReady, whyReturned, whyCancelled, whyHoldExpired
  case whyRejected, whyWrongKind, whyNotFound, whyUnreadable, whyNoCode, whyDuplicate, whyOther
  // Other panes
  case colLeft, colPriority, colType, colTask, colAssignee, colState
  case colProduct, colCategory, colQuantity, colWhere, colPrice, lowStock
  case colNumber, colSubject, colCustomer, colAge, colMessages
  case colName, colLogin, colRole, colToday, colOpenTasks, colLastHandover
  case atRisk, late, waitingFor, unassigned, readOnly, inactive, threshold, order
  // Help
  case helpTitle, helpEverywhere, helpThisPane, helpClose
  case ago, none, yes, no
  case due, created, orderLabel, productLabel, inputHints, handedOver, refusedHeadline
  case handedOverShort, refusedShort, cameraTaken, cameraQuarantined, cameraElsewhere, cameraStopped, verifiedExpired
  // The task board
  case onTime, allTypes, everyone, mine, nobodys, stateBoard, stateActive, stateOverdue, taskFilters
  case chooseWaitReason, choosePriority, chooseNewTaskPriority, chooseAssignee, chooseType, chooseHint, nobody, taskTitlePrompt, cancelReasonPrompt
  case confirmDone, confirmCancel, newTaskTitleMissing
  case taskStartedMsg, taskWaitingMsg, taskResumedMsg, taskDoneMsg, taskCancelledMsg, taskAssignedMsg, taskUnassignedMsg
  case taskPriorityMsg, taskAddedMsg
  case taskGone
  case started, closed, reasonLabel, pausedLabel, slaLabel, madeBy, ticketLabel, transferLabel, doneOnTime, doneLate
  case byHand, pausedSince
  // The stock
  case stockProductsTitle, stockFeedTitle, countOpenLine, lastMovements, reverseFromFeed, countAlreadyOpen, noCountOpen
  case badQuantity, needLocation, needReason, badPoint, badSlip, needDirection
  case movedMessage, reversedMessage, sentMessage, receivedMessage, countOpenedMessage, countResumedMessage, countedMessage
  case countClosedMessage
  case stockRefused, chooseMovementType, confirmMove, confirmReverse, confirmSend, confirmReceive, confirmCloseCount
  case askQuantity, askSignedQuantity, askFrom, askTo, askReason, askReverseReason, askDestination, askSendQuantity, askSlip, askInto
  case askCountLocations, askCountQuantity, transferToReceive, transferFrom, transferIs
  // Tickets
  case ticketIsClosed, ticketNotResolved, ticketAlreadyYours, messageEmpty, ticketAskedMessage, ticketRepliedMessage, ticketInMessage
  case ticketNotedMessage, ticketResolvedMessage, ticketClosedMessage, ratedMessage, ticketReopenedMessage, ticketAssignedMessage
  case ticketUnassignedMessage, phoneRevealedMessage, reopenedTimes, answerWithin, resolveWithin, clockStopped, ratingLabel, theCustomer
  case writingNote, writingIn, writingAsk, writingReply, editorKeys, chooseRating, noRating, chooseTicketAssignee, confirmResolve
  case confirmReopen, confirmCloseTicket, confirmReveal, editorHints
  // Team
  case colEfficiency, colPunctuality, colAccuracy, colRating, colTrend, last14Days, workOverWorked, handoversLabel, medianScanToHandover
  // The audit trail (the team's second view)
  case auditTitle, auditFilters, auditAllActions, colAction, colOn, colChange, auditRow, auditProgram, auditBefore, auditAfter, emptyAudit
  // Log-in, roles, read-only
  case loginTitle, loginLogin, loginSecret, loginChecking, loginWrongShape, loginKeys, loginFirst, lockedIdle, loggedOut
  case notAllowed, readOnlyConsole, readOnlyRefused, readOnlyBadge
  case loginWrong, loginLocked, loginDisabled, loginPinHere
  case confirmUnlock, unlockedMessage, nothingToUnlock, accountChanged
  case labelPreviewKeys, labelPrinted, labelPending, labelNothing
  // Questions and their subjects
  case handOverQuestion, handOverKeys, pressYes, receiveQuestion, unlockDropped, notNowOrder, chooseReasonFirst, nothingSelected, answerOnItsWay
  case declinedAlready, waitForDetail, nothingToAnswer, newScanWaiting, newScansWaiting, scansWaitingKey
  // Every key answers
  case noMatchFilters, filtersCleared, alreadyReversed, reversalOfReversal, noKeyHere
  // Unlocking a login from the team
  case unlockLoginPrompt, unlockLoginQuestion, loginUnlocked, loginUnlockRefused, needYourSecret
  // A ticket opened at the counter; a draft not thrown away silently
  case askTicketPhone, askTicketName, askTicketSubject, chooseTicketCategory, confirmNewTicket, ticketOpenedMessage, badPhone
  case subjectNeeded, discardQuestion, draftThrownAway, helpDemo
  // The stock: counts show what they post, blind counting, new locations
  case badLocationCode, checkingLocations, newLocationQuestion, newLocationsQuestion, newLocationKeys, createsLocation
  case previewingClose, closePreviewTitle, colLocation, colCounted, colExpected, colDifference, previewUncounted, previewNothing
  case previewMovedFrom, previewSummary, previewKeys, countChangedMessage, nothingCountedQuestion, nothingCountedKeys
  case countingMarker, detailOutsideCount
  // A training database (its clock may be pinned)
  case trainingBadge
  // The login journal lost or replaced
  case journalReplaced
  // The marketplace link on the top line
  case linkUp, linkDown, linkDownSince, linkConnecting, linkWaiting
  // Typography: a headline and its detail, a rating out of five
  case headlineDetail, ratingOutOfFive
  // The scan log's facts
  case detailTechnical
}

/// The texts. English and French have the same phrases and the same `{n}` placeholders
/// (StaffConsoleTests check both).
enum Catalog {
  static let en: [Phrase: String] = [
    .appName: "VGK Staff",
    .tabScans: "Scans", .tabTasks: "Tasks", .tabStock: "Stock", .tabTickets: "Tickets", .tabTeam: "Team",
    .noOneOnDuty: "no one on duty", .alertsLate: "{0} late", .alertsLowStock: "{0} low stock", .alertsLocked: "{0} locked", .alertsPrints: "{0} to print",
    .alertsNone: "no alerts",
    .tooSmall: "Terminal too small: {0}x{1}.", .tooSmallNeed: "Enlarge it to at least {0}.", .tooSmallShort: "Need {0}.",
    .colTime: "Time", .colFrom: "From", .colCode: "Code", .colResult: "Result",
    .emptyScans: "No scans yet. Show a code to the camera or the scanner, or press {0} to type one.",
    .emptyList: "Nothing here yet.", .noMatch: "Nothing matches the filter.",
    .detailOrder: "Order {0}", .detailCustomer: "Customer", .detailShelf: "Shelf", .detailHoldUntil: "Hold until",
    .detailTotal: "Total", .detailItems: "Items",
    .detailProduct: "Product {0}", .detailCategory: "Category", .detailPrice: "Price", .detailCondition: "Condition",
    .detailStock: "Stock", .detailInAll: "{0} in all", .detailNowhere: "none in stock",
    .detailMovement: "Movement {0}", .detailType: "Type", .detailQuantity: "Quantity", .detailFrom: "From",
    .detailTo: "To", .detailBy: "By", .detailReason: "Reason", .detailReverses: "Reverses movement {0}",
    .detailFile: "Photo", .detailScannedBy: "Scanned by", .detailTerminal: "Terminal", .detailLoading: "Loading…",
    .detailLog: "Log:",
    .handedOverBy: "Handed over by {0} on {1}.", .handedOverMessage: "Order {0} handed over. Give the parcel from {1}.",
    .refusedBy: "Refused by {0} on {1}: {2}.", .refusalRecorded: "Order {0} not handed over: {1}. Recorded.",
    .chooseReason: "Why not hand order {0} over?", .chooseReasonHint: "Press 1 to {0}, or Esc.",
    .confirmRefusal: "Refuse order {0}: {1}?", .pressYesOrNo: "{0} yes   {1} no",
    .scannerPrompt: "Code:", .filterPrompt: "Filter:", .filterShowing: "{0} of {1}",
    .needStaff: "No one is on duty: start the console with --staff LOGIN (or VGK_STAFF_USER) to hand orders over.",
    .cannotHandOver: "Not handed over: {0}", .cannotRefuse: "Not recorded: {0}", .failed: "Failed: {0}",
    .repairedLayout: "The scanner types as on a US keyboard; the code was read back from AZERTY.",
    .keymapProblems: "Keymap: {0} {0|line|lines} skipped, first {1}", .cameraFolder: "Camera folder: {0}",
    .codeCheckedAgo: "Code checked {0}.",
    .verificationExpired: "The check is over 15 minutes old: scan the code again to hand it over.",
    .whyAlreadyHandedOver: "Handed over by {0} on {1}. Do not hand anything over.",
    .whyCodeRefused: "Wrong pickup code or unknown order number. Check the code with the customer.",
    .whyLocked: "Too many wrong codes: the order number is locked. Try later, or ask a supervisor.",
    .whyNotReady: "The order is not on a shelf yet.",
    .whyReturned: "Not collected in time: it went back to the seller. Do not hand anything over.",
    .whyCancelled: "The order was cancelled. Do not hand anything over.",
    .whyHoldExpired: "The hold period is over: the order goes back to the seller.",
    .whyRejected: "This is not a VGK code.", .whyWrongKind: "A valid code, but not of the kind expected here.",
    .whyNotFound: "No such number in this database.", .whyUnreadable: "The photo could not be read.",
    .whyNoCode: "No QR code was found in the photo.", .whyDuplicate: "This photo was taken into account before.",
    .whyOther: "See the log line below.",
    .colLeft: "Left", .colPriority: "Priority", .colType: "Type", .colTask: "Task", .colAssignee: "Assignee",
    .colState: "State",
    .colProduct: "Product", .colCategory: "Category", .colQuantity: "Qty", .colWhere: "Where", .colPrice: "Price",
    .lowStock: "low",
    .colNumber: "No.", .colSubject: "Subject", .colCustomer: "Customer", .colAge: "Age", .colMessages: "Msgs",
    .colName: "Name", .colLogin: "Login", .colRole: "Role", .colToday: "Today", .colOpenTasks: "Open tasks",
    .colLastHandover: "Last handover",
    .atRisk: "at risk", .late: "late", .waitingFor: "waiting for {0}", .unassigned: "unassigned",
    .readOnly: "Read only for now.", .inactive: "inactive", .threshold: "threshold {0}", .order: "order {0}",
    .helpTitle: "Keys: {0}", .helpEverywhere: "Everywhere", .helpThisPane: "In this tab",
    .helpClose: "Esc or ? closes this help; Up and Down scroll it.",
    .ago: "{0} ago", .none: "none", .yes: "yes", .no: "no",
    .due: "Due", .created: "Created", .orderLabel: "Order", .productLabel: "Product",
    .inputHints: "Enter: done   Esc: cancel   Left, Right, Backspace: edit",
    .handedOver: "Handed over", .refusedHeadline: "Not handed over (refused)",
    .handedOverShort: "Handed over: {0} {1}", .refusedShort: "Refused: {0} ({1})",
    .cameraTaken: "{0} {0|photo|photos} taken", .cameraQuarantined: "{0} quarantined",
    .cameraElsewhere: "taken by another process (vgk-staff watch)", .cameraStopped: "stopped: {0}",
    .verifiedExpired: "Right code, checked too long ago",
    .onTime: "on time", .allTypes: "all types", .everyone: "everyone", .mine: "mine",
    .nobodys: "nobody's", .stateBoard: "open + closed today", .stateActive: "open, in progress, waiting",
    .stateOverdue: "overdue", .taskFilters: "{0} · {1} · {2}",
    .chooseWaitReason: "Task {0} waits for whom?", .choosePriority: "New priority for task {0}?", .chooseNewTaskPriority: "Priority of the new task?",
    .chooseAssignee: "Give task {0} to whom?", .chooseType: "What kind of task?",
    .chooseHint: "Up, Down and Enter, or 1 to {0}; Esc leaves.", .nobody: "nobody",
    .taskTitlePrompt: "New {0} task, {1}, title:", .cancelReasonPrompt: "Why cancel task {0}?",
    .confirmDone: "Mark task {0} done?", .confirmCancel: "Cancel task {0} ({1})?", .newTaskTitleMissing: "A task needs a title.",
    .taskStartedMsg: "Task {0} started.", .taskWaitingMsg: "Task {0} waits for the {1}: its clock has stopped.",
    .taskResumedMsg: "Task {0} resumed: its clock runs again.", .taskDoneMsg: "Task {0} done.",
    .taskCancelledMsg: "Task {0} cancelled.", .taskAssignedMsg: "Task {0} is now {1}'s.",
    .taskUnassignedMsg: "Task {0} is nobody's now.", .taskPriorityMsg: "Task {0} is now {1}: due {2}.",
    .taskAddedMsg: "Task {0} added.",
    .taskGone: "There is no task {0}.",
    .started: "Started", .closed: "Closed", .reasonLabel: "Reason", .pausedLabel: "Paused", .slaLabel: "SLA",
    .madeBy: "Source", .ticketLabel: "Ticket", .transferLabel: "Transfer", .doneOnTime: "within its SLA",
    .doneLate: "{0} late", .byHand: "by hand", .pausedSince: "since {0}",
    .stockProductsTitle: "Products (v: movements)", .stockFeedTitle: "Movements, newest first (v: products)",
    .countOpenLine: "Count {0}: {1}, {2} counted (C closes)", .lastMovements: "Last movements",
    .reverseFromFeed: "Reverse from the movements (v), on the movement to undo.",
    .countAlreadyOpen: "Count {0} is already open here: close it first (C).", .noCountOpen: "No count is open: c opens one.",
    .badQuantity: "A quantity is a whole number from 1 to 100 000.", .needLocation: "Give a location code (such as A-03-2 or BACK).",
    .needReason: "This needs a reason.",
    .needDirection: "Say which way: +3 puts 3 into a location, -3 takes 3 out of one.", .badPoint: "A pickup point code, such as DLA-BALI.", .badSlip: "The slip's number, or INVENTORY:n.",
    .movedMessage: "Movement {0}: {1} {2} x {3}.", .reversedMessage: "Movement {0} reversed by movement {1}.",
    .sentMessage: "Transfer {0} to {1} sent: print its slip {2}.", .receivedMessage: "Transfer {0} from {1} received: {2} {2|unit|units} in.",
    .countOpenedMessage: "Count {0} open for {1}: scan the products there.",
    .countResumedMessage: "Count {0} of {1} was open: taken up again ({2} {2|line|lines} counted so far); scan the products there.", .countedMessage: "Counted {0} x {1} at {2}.",
    .countClosedMessage: "Count {0} closed: {1} {1|line|lines}, {2} adjusted.", .stockRefused: "Refused: {0}",
    .chooseMovementType: "Which movement of product {0}?",
    .confirmMove: "Record {0} of {1} x {2}, {3} → {4}?", .confirmReverse: "Reverse movement {0} ({1})?",
    .confirmSend: "Send {0} x {1} from {3} to {2}?", .confirmReceive: "Receive the transfer of slip {0} into {1}?",
    .confirmCloseCount: "Close count {0} and post its differences?",
    .askQuantity: "{0} of {1}, how many:", .askSignedQuantity: "{0} of {1}, +N into a location or -N out of one:",
    .askFrom: "From (location):", .askTo: "To (location):", .askReason: "Reason:",
    .askReverseReason: "Why reverse movement {0}:", .askDestination: "Send to (point code):",
    .askSendQuantity: "How many of {0} to {1}:", .askSlip: "Slip (INVENTORY:n):", .askInto: "Into (location):",
    .askCountLocations: "Count which locations:", .askCountQuantity: "How many of {0} are there:",
    .transferToReceive: "Transfer {0} from {1}: to receive", .transferFrom: "Transfer {0} from {1}",
    .transferIs: "This transfer is {0}.",
    .ticketIsClosed: "Ticket {0} is {1}: reopen it first.", .ticketNotResolved: "Ticket {0} is not resolved.",
    .ticketAlreadyYours: "Ticket {0} is already yours.", .messageEmpty: "The message is empty.",
    .ticketAskedMessage: "Asked on ticket {0}: it waits for the customer, its clock stopped.",
    .ticketRepliedMessage: "Answer sent on ticket {0}.", .ticketInMessage: "The customer's words added to ticket {0}.",
    .ticketNotedMessage: "Note added to ticket {0}.", .ticketResolvedMessage: "Ticket {0} resolved.",
    .ticketClosedMessage: "Ticket {0} closed.", .ratedMessage: "Rated {0}/5.", .ticketReopenedMessage: "Ticket {0} reopened.",
    .ticketAssignedMessage: "Ticket {0} is now {1}'s.", .ticketUnassignedMessage: "Ticket {0} is nobody's now.",
    .phoneRevealedMessage: "Ticket {0}: {1} (recorded in the audit log).", .reopenedTimes: "reopened {0}×",
    .answerWithin: "Answer within", .resolveWithin: "Resolve within", .clockStopped: "(waiting: clock stopped)",
    .ratingLabel: "Rating", .theCustomer: "customer", .writingNote: "Internal note:", .writingIn: "What the customer said:",
    .writingAsk: "Question to the customer:", .writingReply: "Answer to the customer:", .editorKeys: "C-d sends · Esc drops",
    .chooseRating: "Close ticket {0}: the customer's rating?", .noRating: "no rating",
    .chooseTicketAssignee: "Give ticket {0} to whom?", .confirmResolve: "Mark ticket {0} resolved?",
    .confirmReopen: "Reopen ticket {0}?", .confirmReveal: "Show the customer's phone number of ticket {0}? (recorded in the audit log)", .confirmCloseTicket: "Close ticket {0}?",
    .editorHints: "Enter: new line   C-d: send   Esc: drop   arrows, Backspace, C-w: edit",
    .colEfficiency: "Eff.", .colPunctuality: "On time", .colAccuracy: "Count", .colRating: "Rate", .colTrend: "14 days",
    .last14Days: "The last 14 days", .workOverWorked: "{0} min of work in {1} min", .handoversLabel: "Handovers",
    .medianScanToHandover: "median {0} s from scan to handover",
    .auditTitle: "Audit trail (v: team)", .auditFilters: "by: {0} (b) · {1} (a)", .auditAllActions: "all actions",
    .colAction: "Action", .colOn: "On", .colChange: "Change", .auditRow: "Audit row {0}", .auditProgram: "the program",
    .auditBefore: "Before", .auditAfter: "After", .emptyAudit: "No row for these filters (Esc clears them).",
    .loginTitle: "VGK Staff Console — log in", .loginLogin: "Login", .loginSecret: "Password or PIN",
    .loginChecking: "Checking…", .loginWrongShape: "That is not a login: letters, digits, dots, dashes.",
    .loginKeys: " Enter next / log in   Tab other field   Esc clear (twice: leave)",
    .loginFirst: "Log in first: nothing is scanned while nobody is logged in.",
    .lockedIdle: "Locked after {0} min without a key: log in again.", .loggedOut: "Logged out.",
    .notAllowed: "{0} is a {1}: may not {2}.",
    .readOnlyConsole: "Read-only: this account can read the database, not change it.",
    .readOnlyRefused: "Read-only console: nothing can be changed from here.", .readOnlyBadge: "read-only",
    .loginWrong: "Wrong login or secret ({0} {0|try|tries} left this hour).",
    .loginLocked: "Too many failed logins: locked until {0} (a supervisor can unlock it).",
    .loginDisabled: "This account is disabled: ask an admin.",
    .loginPinHere: "A PIN works only on a counter terminal: use your password here.",
    .confirmUnlock: "Unlock order {0}? Check the customer's identity first.",
    .unlockedMessage: "Order {0} unlocked: the customer may give the code again.",
    .nothingToUnlock: "Select the scan of an order locked by wrong codes to unlock it.",
    .accountChanged: "Your account was changed (role or access): log in again.",
    .labelPreviewKeys: "Print this label?  {0} print   {1} close",
    .labelPrinted: "Label printed (job {0}).", .labelPending: "Job {0} waits in the print queue: {1}",
    .labelNothing: "Select a product to print its shelf label.",
    .handOverQuestion: "Hand over order {0} from shelf {1}?", .handOverKeys: "{0} yes   {1} not now   {2} refuse", .pressYes: "{0} yes",
    .receiveQuestion: "Receive transfer {0} (slip INVENTORY:{1}) into BACK as sent? (Another quantity: vgk-staff transfer receive.)",
    .unlockDropped: "Order {0} stays locked.",
    .notNowOrder: "Order {0} not handed over. Scan the code again to hand it over later.",
    .chooseReasonFirst: "Choose a reason first: 1 to {0}, or Up, Down and Enter.",
    .nothingSelected: "Nothing is selected.",
    .answerOnItsWay: "Order {0}: the answer is on its way, wait for it.",
    .declinedAlready: "You answered \"not now\" for order {0}: scan its code again to hand it over.",
    .waitForDetail: "The order is still loading: wait until it shows, then answer.",
    .nothingToAnswer: "No question here: this scan is \"{0}\".",
    .newScanWaiting: "New scan waiting: {0} ({1}).",
    .newScansWaiting: "{0} new scans waiting, the newest: {1} ({2}).",
    .scansWaitingKey: "Waiting: {0} (press {1}).",
    .noMatchFilters: "Nothing matches these filters ({0} clears them).", .filtersCleared: "Filters cleared: the whole board.",
    .alreadyReversed: "Movement {0} was already reversed by movement {1}: nothing to reverse.",
    .reversalOfReversal: "Movement {0} is itself a reversal: record a new movement instead.",
    .noKeyHere: "{0} does nothing here: {1} lists the keys.",
    .unlockLoginPrompt: "Your password or PIN ({0}):", .unlockLoginQuestion: "Unlock the login of {0}? Type your own password or PIN, then Enter (Esc: no).",
    .loginUnlocked: "{0} unlocked: {1} failed {1|login|logins} forgotten.", .loginUnlockRefused: "{0} not unlocked: {1}",
    .needYourSecret: "Type your password or PIN first.",
    // The stock: counts show what they post, blind counting, new locations
    .badLocationCode: "{0} is not a location code: 1 to 16 of A-Z, 0-9 and '-', starting with a letter (like A-03-2).",
    .checkingLocations: "Checking {0}…",
    .newLocationQuestion: "New location {0}? This point has never used it.",
    .newLocationsQuestion: "New locations {0}? This point has never used them.",
    .newLocationKeys: "{0} yes, create it   {1} no, correct the code",
    .createsLocation: "(new location {0})",
    .previewingClose: "Reading what closing count {0} would post…",
    .closePreviewTitle: "Close count {0} ({1}): what will be posted",
    .colLocation: "Location", .colCounted: "Counted", .colExpected: "Expected", .colDifference: "Diff.",
    .previewUncounted: "Not counted: written off (expected → 0)",
    .previewNothing: "Nothing to post: nothing was counted and the ledger holds nothing there.",
    .previewMovedFrom: "↳ a single item the ledger has at {0}: moved here from there",
    .previewSummary: "Differences to post: {0}.",
    .previewKeys: "{0} post   {1} not now   ↑↓ scroll",
    .countChangedMessage: "The stock changed since the differences were shown: nothing was posted; here they are now.",
    .nothingCountedQuestion: "Nothing was counted in count {0}: closing it writes off all the ledger has there (units: {1}, products: {2}). Is nothing there?",
    .nothingCountedKeys: "{0} yes, nothing is there: write it all off   {1} no",
    .countingMarker: "counting…",
    .detailOutsideCount: "{0} outside the count",
    .askTicketPhone: "New ticket: the customer's phone:", .askTicketName: "Name of {0} (Enter if known already):",
    .askTicketSubject: "What is it about ({0})?", .chooseTicketCategory: "What kind of problem for {0}?",
    .confirmNewTicket: "Open a ticket for {0}: {1}, \"{2}\"?", .ticketOpenedMessage: "Ticket {0} opened.",
    .badPhone: "Not a phone number: digits, with + and spaces if you like (9 to 15 digits).",
    .subjectNeeded: "Say what it is about (1 to 120 characters).", .discardQuestion: "Throw away your text for ticket {0} ({1} {1|line|lines})?",
    .draftThrownAway: "Draft thrown away.",
    .helpDemo: "The demo",
    // A training database
    .trainingBadge: "training",
    .journalReplaced: "The login journal was lost or replaced: every login is locked until {0}.",
    // The marketplace link
    .linkUp: "Link up", .linkDown: "Link down", .linkDownSince: "Link down since {0}", .linkConnecting: "Link: connecting…",
    .linkWaiting: "{0} waiting",
    // Typography
    .headlineDetail: "{0}: {1}", .ratingOutOfFive: "{0} / 5",
    // The scan log's facts
    .detailTechnical: "Technical detail:",
  ]

  static let fr: [Phrase: String] = [
    .appName: "VGK Staff",
    .tabScans: "Scans", .tabTasks: "Tâches", .tabStock: "Stock", .tabTickets: "Tickets", .tabTeam: "Équipe",
    .noOneOnDuty: "personne de service", .alertsLate: "{0} en retard", .alertsLowStock: "{0} stock bas",
    .alertsLocked: "{0} {0|bloquée|bloquées}", .alertsPrints: "{0} à imprimer", .alertsNone: "aucune alerte",
    .tooSmall: "Terminal trop petit : {0}x{1}.", .tooSmallNeed: "Agrandissez-le à au moins {0}.", .tooSmallShort: "Il faut {0}.",
    .colTime: "Heure", .colFrom: "Source", .colCode: "Code", .colResult: "Résultat",
    .emptyScans: "Aucun scan. Présentez un code à la caméra ou au lecteur, ou tapez {0} pour le saisir.",
    .emptyList: "Rien pour l'instant.", .noMatch: "Rien ne correspond au filtre.",
    .detailOrder: "Commande {0}", .detailCustomer: "Client", .detailShelf: "Étagère", .detailHoldUntil: "Gardée jusqu'au",
    .detailTotal: "Total", .detailItems: "Articles",
    .detailProduct: "Produit {0}", .detailCategory: "Catégorie", .detailPrice: "Prix", .detailCondition: "État",
    .detailStock: "Stock", .detailInAll: "{0} en tout", .detailNowhere: "aucun en stock",
    .detailMovement: "Mouvement {0}", .detailType: "Type", .detailQuantity: "Quantité", .detailFrom: "De",
    .detailTo: "Vers", .detailBy: "Par", .detailReason: "Motif", .detailReverses: "Annule le mouvement {0}",
    .detailFile: "Photo", .detailScannedBy: "Scanné par", .detailTerminal: "Poste", .detailLoading: "Chargement…",
    .detailLog: "Journal :",
    .handedOverBy: "Remise par {0} le {1}.", .handedOverMessage: "Commande {0} remise. Donnez le colis de {1}.",
    .refusedBy: "Refusée par {0} le {1} : {2}.", .refusalRecorded: "Commande {0} non remise : {1}. Enregistré.",
    .chooseReason: "Pourquoi ne pas remettre la commande {0} ?", .chooseReasonHint: "Tapez 1 à {0}, ou Échap.",
    .confirmRefusal: "Refuser la commande {0} : {1} ?", .pressYesOrNo: "{0} oui   {1} non",
    .scannerPrompt: "Code :", .filterPrompt: "Filtre :", .filterShowing: "{0} sur {1}",
    .needStaff: "Personne de service : lancez la console avec --staff IDENTIFIANT (ou VGK_STAFF_USER) pour remettre des commandes.",
    .cannotHandOver: "Pas remise : {0}", .cannotRefuse: "Pas enregistré : {0}", .failed: "Échec : {0}",
    .repairedLayout: "Le lecteur tape comme un clavier QWERTY ; le code a été relu depuis l'AZERTY.",
    .keymapProblems: "Raccourcis : {0} {0|ligne ignorée|lignes ignorées}, d'abord {1}", .cameraFolder: "Dossier caméra : {0}",
    .codeCheckedAgo: "Code vérifié {0}.",
    .verificationExpired: "La vérification date de plus de 15 minutes : scannez le code à nouveau pour la remettre.",
    .whyAlreadyHandedOver: "Remise par {0} le {1}. Ne rien remettre.",
    .whyCodeRefused: "Mauvais code de retrait ou numéro de commande inconnu. Vérifiez le code avec le client.",
    .whyLocked: "Trop de codes erronés : ce numéro de commande est bloqué. Réessayez plus tard, ou appelez un superviseur.",
    .whyNotReady: "La commande n'est pas encore sur une étagère.",
    .whyReturned: "Pas retirée à temps : elle est repartie chez le vendeur. Ne rien remettre.",
    .whyCancelled: "La commande a été annulée. Ne rien remettre.",
    .whyHoldExpired: "Le délai de garde est dépassé : la commande repart chez le vendeur.",
    .whyRejected: "Ce n'est pas un code VGK.", .whyWrongKind: "Un code valable, mais pas du type attendu ici.",
    .whyNotFound: "Ce numéro n'existe pas dans cette base.", .whyUnreadable: "La photo n'a pas pu être lue.",
    .whyNoCode: "Aucun code QR trouvé sur la photo.", .whyDuplicate: "Cette photo a déjà été prise en compte.",
    .whyOther: "Voir la ligne du journal ci-dessous.",
    .colLeft: "Reste", .colPriority: "Priorité", .colType: "Type", .colTask: "Tâche", .colAssignee: "Assignée à",
    .colState: "État",
    .colProduct: "Produit", .colCategory: "Catégorie", .colQuantity: "Qté", .colWhere: "Où", .colPrice: "Prix",
    .lowStock: "bas",
    .colNumber: "N°", .colSubject: "Objet", .colCustomer: "Client", .colAge: "Âge", .colMessages: "Msgs",
    .colName: "Nom", .colLogin: "Identifiant", .colRole: "Rôle", .colToday: "Auj.", .colOpenTasks: "Tâches ouvertes",
    .colLastHandover: "Dernière remise",
    .atRisk: "à risque", .late: "en retard", .waitingFor: "attend : {0}", .unassigned: "non assignée",
    .readOnly: "Lecture seule pour l'instant.", .inactive: "inactif", .threshold: "seuil {0}", .order: "commande {0}",
    .helpTitle: "Touches : {0}", .helpEverywhere: "Partout", .helpThisPane: "Dans cet onglet",
    .helpClose: "Échap ou ? ferme cette aide ; Haut et Bas la font défiler.",
    .ago: "il y a {0}", .none: "aucun", .yes: "oui", .no: "non",
    .due: "Échéance", .created: "Créée", .orderLabel: "Commande", .productLabel: "Produit",
    .inputHints: "Entrée : valider   Échap : annuler   Gauche, Droite, Retour : corriger",
    .handedOver: "Remise", .refusedHeadline: "Pas remise (refusée)",
    .handedOverShort: "Remise : {0} {1}", .refusedShort: "Refusée : {0} ({1})",
    .cameraTaken: "{0} {0|photo prise|photos prises}", .cameraQuarantined: "{0} en quarantaine",
    .cameraElsewhere: "pris en charge par un autre processus (vgk-staff watch)", .cameraStopped: "arrêté : {0}",
    .verifiedExpired: "Bon code, vérifié il y a trop longtemps",
    .onTime: "à l'heure", .allTypes: "tous types", .everyone: "tout le monde", .mine: "les miennes",
    .nobodys: "sans personne", .stateBoard: "ouvertes + fermées du jour", .stateActive: "ouvertes, en cours, en attente",
    .stateOverdue: "en retard", .taskFilters: "{0} · {1} · {2}",
    .chooseWaitReason: "La tâche {0} attend qui ?", .choosePriority: "Nouvelle priorité de la tâche {0} ?", .chooseNewTaskPriority: "Priorité de la nouvelle tâche ?",
    .chooseAssignee: "Confier la tâche {0} à qui ?", .chooseType: "Quel genre de tâche ?",
    .chooseHint: "Haut, Bas et Entrée, ou 1 à {0} ; Échap pour sortir.", .nobody: "personne",
    .taskTitlePrompt: "Nouvelle tâche {0}, {1}, titre :", .cancelReasonPrompt: "Pourquoi annuler la tâche {0} ?",
    .confirmDone: "Marquer la tâche {0} comme faite ?", .confirmCancel: "Annuler la tâche {0} ({1}) ?",
    .newTaskTitleMissing: "Une tâche a besoin d'un titre.",
    .taskStartedMsg: "Tâche {0} commencée.", .taskWaitingMsg: "La tâche {0} attend : {1}. Son horloge est arrêtée.",
    .taskResumedMsg: "Tâche {0} reprise : son horloge repart.", .taskDoneMsg: "Tâche {0} faite.",
    .taskCancelledMsg: "Tâche {0} annulée.", .taskAssignedMsg: "La tâche {0} est confiée à {1}.",
    .taskUnassignedMsg: "La tâche {0} n'est plus confiée à personne.", .taskPriorityMsg: "La tâche {0} est maintenant {1} : échéance {2}.",
    .taskAddedMsg: "Tâche {0} ajoutée.",
    .taskGone: "Il n'y a pas de tâche {0}.",
    .started: "Commencée", .closed: "Fermée", .reasonLabel: "Motif", .pausedLabel: "En pause", .slaLabel: "Délai",
    .madeBy: "Origine", .ticketLabel: "Ticket", .transferLabel: "Transfert", .doneOnTime: "dans les délais",
    .doneLate: "{0} de retard", .byHand: "à la main", .pausedSince: "depuis {0}",
    .stockProductsTitle: "Produits (v : mouvements)", .stockFeedTitle: "Mouvements, les plus récents d'abord (v : produits)",
    .countOpenLine: "Inventaire {0} : {1}, {2} {2|ligne comptée|lignes comptées} (C clôt)", .lastMovements: "Derniers mouvements",
    .reverseFromFeed: "Annulez depuis les mouvements (v), sur le mouvement à annuler.",
    .countAlreadyOpen: "L'inventaire {0} est déjà ouvert ici : clôturez-le d'abord (C).",
    .noCountOpen: "Aucun inventaire ouvert : c en ouvre un.",
    .badQuantity: "Une quantité est un nombre entier de 1 à 100 000.", .needLocation: "Donnez un emplacement (comme A-03-2 ou BACK).",
    .needReason: "Il faut un motif.",
    .needDirection: "Dans quel sens : +3 met 3 dans un emplacement, -3 en retire 3.", .badPoint: "Un code de point de retrait, comme DLA-BALI.",
    .badSlip: "Le numéro du bordereau, ou INVENTORY:n.",
    .movedMessage: "Mouvement {0} : {1} {2} x {3}.", .reversedMessage: "Mouvement {0} annulé par le mouvement {1}.",
    .sentMessage: "Transfert {0} vers {1} envoyé : imprimez son bordereau {2}.",
    .receivedMessage: "Transfert {0} de {1} reçu : {2} {2|unité entrée|unités entrées}.",
    .countOpenedMessage: "Inventaire {0} ouvert pour {1} : scannez les produits.",
    .countResumedMessage: "L'inventaire {0} de {1} était ouvert : repris ({2} {2|ligne déjà comptée|lignes déjà comptées}) ; scannez les produits.", .countedMessage: "Compté {0} x {1} en {2}.",
    .countClosedMessage: "Inventaire {0} clos : {1} {1|ligne|lignes}, {2} {2|ajustée|ajustées}.", .stockRefused: "Refusé : {0}",
    .chooseMovementType: "Quel mouvement du produit {0} ?",
    .confirmMove: "Enregistrer {0} de {1} x {2}, {3} → {4} ?", .confirmReverse: "Annuler le mouvement {0} ({1}) ?",
    .confirmSend: "Envoyer {0} x {1} depuis {3} vers {2} ?", .confirmReceive: "Recevoir le transfert du bordereau {0} en {1} ?",
    .confirmCloseCount: "Clore l'inventaire {0} et enregistrer ses écarts ?",
    .askQuantity: "{0} de {1}, combien :", .askSignedQuantity: "{0} de {1}, +N dans un emplacement ou -N hors d'un :",
    .askFrom: "Depuis (emplacement) :", .askTo: "Vers (emplacement) :", .askReason: "Motif :",
    .askReverseReason: "Pourquoi annuler le mouvement {0} :", .askDestination: "Envoyer vers (code du point) :",
    .askSendQuantity: "Combien de {0} vers {1} :", .askSlip: "Bordereau (INVENTORY:n) :", .askInto: "Dans (emplacement) :",
    .askCountLocations: "Compter quels emplacements :", .askCountQuantity: "Combien de {0} y a-t-il :",
    .transferToReceive: "Transfert {0} de {1} : à recevoir", .transferFrom: "Transfert {0} de {1}",
    .transferIs: "Ce transfert est {0}.",
    .ticketIsClosed: "Le ticket {0} est {1} : rouvrez-le d'abord.", .ticketNotResolved: "Le ticket {0} n'est pas résolu.",
    .ticketAlreadyYours: "Le ticket {0} est déjà le vôtre.", .messageEmpty: "Le message est vide.",
    .ticketAskedMessage: "Question posée sur le ticket {0} : il attend le client, son horloge est arrêtée.",
    .ticketRepliedMessage: "Réponse envoyée sur le ticket {0}.", .ticketInMessage: "Les mots du client sont ajoutés au ticket {0}.",
    .ticketNotedMessage: "Note ajoutée au ticket {0}.", .ticketResolvedMessage: "Ticket {0} résolu.",
    .ticketClosedMessage: "Ticket {0} fermé.", .ratedMessage: "Note {0}/5.", .ticketReopenedMessage: "Ticket {0} rouvert.",
    .ticketAssignedMessage: "Le ticket {0} est confié à {1}.", .ticketUnassignedMessage: "Le ticket {0} n'est plus confié à personne.",
    .phoneRevealedMessage: "Ticket {0} : {1} (inscrit au journal d'audit).", .reopenedTimes: "rouvert {0}×",
    .answerWithin: "Répondre sous", .resolveWithin: "Résoudre sous", .clockStopped: "(en attente : horloge arrêtée)",
    .ratingLabel: "Note", .theCustomer: "client", .writingNote: "Note interne :", .writingIn: "Ce que dit le client :",
    .writingAsk: "Question au client :", .writingReply: "Réponse au client :", .editorKeys: "C-d envoie · Échap abandonne",
    .chooseRating: "Fermer le ticket {0} : la note du client ?", .noRating: "sans note",
    .chooseTicketAssignee: "Confier le ticket {0} à qui ?", .confirmResolve: "Marquer le ticket {0} comme résolu ?",
    .confirmReopen: "Rouvrir le ticket {0} ?", .confirmReveal: "Afficher le numéro du client du ticket {0} ? (noté dans le journal d'audit)", .confirmCloseTicket: "Fermer le ticket {0} ?",
    .editorHints: "Entrée : nouvelle ligne   C-d : envoyer   Échap : abandonner   flèches, Retour, C-w : corriger",
    .colEfficiency: "Eff.", .colPunctuality: "Ponct.", .colAccuracy: "Invent.", .colRating: "Note", .colTrend: "14 jours",
    .last14Days: "Les 14 derniers jours", .workOverWorked: "{0} min de travail en {1} min", .handoversLabel: "Remises",
    .medianScanToHandover: "médiane {0} s du scan à la remise",
    .auditTitle: "Journal d'audit (v : équipe)", .auditFilters: "par : {0} (b) · {1} (a)",
    .auditAllActions: "toutes les actions", .colAction: "Action", .colOn: "Objet", .colChange: "Changement",
    .auditRow: "Ligne d'audit {0}", .auditProgram: "le programme", .auditBefore: "Avant", .auditAfter: "Après",
    .emptyAudit: "Aucune ligne pour ces filtres (Échap les efface).",
    .loginTitle: "VGK Staff Console — connexion", .loginLogin: "Identifiant", .loginSecret: "Mot de passe ou code PIN",
    .loginChecking: "Vérification…", .loginWrongShape: "Ce n'est pas un identifiant : lettres, chiffres, points, tirets.",
    .loginKeys: " Entrée suivant/connexion  Tab autre champ  Échap effacer (2 fois : quitter)",
    .loginFirst: "Connectez-vous d'abord : rien n'est scanné sans personne de connecté.",
    .lockedIdle: "Verrouillé après {0} min sans touche : reconnectez-vous.", .loggedOut: "Déconnecté.",
    .notAllowed: "{0} est {1} : ne peut pas {2}.",
    .readOnlyConsole: "Lecture seule : ce compte peut lire la base, pas la modifier.",
    .readOnlyRefused: "Console en lecture seule : rien ne peut être modifié d'ici.", .readOnlyBadge: "lecture seule",
    .loginWrong: "Identifiant ou secret incorrect ({0} {0|essai restant|essais restants} cette heure).",
    .loginLocked: "Trop d'échecs : bloqué jusqu'à {0} (un superviseur peut débloquer).",
    .loginDisabled: "Ce compte est désactivé : voyez un administrateur.",
   
    .loginPinHere: "Un code PIN ne marche qu'au comptoir : utilisez ici votre mot de passe.",
    .confirmUnlock: "Débloquer la commande {0} ? Vérifiez d'abord l'identité du client.",
    .unlockedMessage: "Commande {0} débloquée : le client peut redonner le code.",
    .nothingToUnlock: "Choisissez le scan d'une commande bloquée par de mauvais codes pour la débloquer.",
    .accountChanged: "Votre compte a changé (rôle ou accès) : reconnectez-vous.",
    .labelPreviewKeys: "Imprimer cette étiquette ?  {0} imprimer   {1} fermer",
    .labelPrinted: "Étiquette imprimée (tâche {0}).", .labelPending: "La tâche {0} attend dans la file d'impression : {1}",
    .labelNothing: "Choisissez un produit pour imprimer son étiquette de rayon.",
    .handOverQuestion: "Remettre la commande {0} de l'étagère {1} ?", .handOverKeys: "{0} oui   {1} pas maintenant   {2} refuser", .pressYes: "{0} oui",
    .receiveQuestion: "Recevoir le transfert {0} (bordereau INVENTORY:{1}) en BACK tel qu'envoyé ? (Autre quantité : vgk-staff transfer receive.)",
    .unlockDropped: "La commande {0} reste bloquée.",
    .notNowOrder: "Commande {0} pas remise. Scannez le code à nouveau pour la remettre plus tard.",
    .chooseReasonFirst: "Choisissez d'abord un motif : 1 à {0}, ou Haut, Bas et Entrée.",
    .nothingSelected: "Rien n'est sélectionné.",
    .answerOnItsWay: "Commande {0} : la réponse arrive, attendez-la.",
    .declinedAlready: "Vous avez répondu « pas maintenant » pour la commande {0} : scannez son code à nouveau pour la remettre.",
    .waitForDetail: "La commande se charge encore : attendez qu'elle s'affiche, puis répondez.",
    .nothingToAnswer: "Aucune question ici : ce scan est « {0} ».",
    .newScanWaiting: "Nouveau scan en attente : {0} ({1}).",
    .newScansWaiting: "{0} nouveaux scans en attente, le plus récent : {1} ({2}).",
    .scansWaitingKey: "En attente : {0} (touche {1}).",
    .noMatchFilters: "Rien ne correspond à ces filtres ({0} les efface).", .filtersCleared: "Filtres effacés : tout le tableau.",
    .alreadyReversed: "Le mouvement {0} a déjà été annulé par le mouvement {1} : rien à annuler.",
    .reversalOfReversal: "Le mouvement {0} est lui-même une annulation : enregistrez plutôt un nouveau mouvement.",
    .noKeyHere: "{0} ne fait rien ici : {1} liste les touches.",
    .unlockLoginPrompt: "Votre mot de passe ou PIN ({0}) :", .unlockLoginQuestion: "Débloquer le compte de {0} ? Tapez votre propre mot de passe ou PIN, puis Entrée (Échap : non).",
    .loginUnlocked: "{0} débloqué : {1} {1|connexion manquée oubliée|connexions manquées oubliées}.", .loginUnlockRefused: "{0} pas débloqué : {1}",
    .needYourSecret: "Tapez d'abord votre mot de passe ou PIN.",
    // The stock: counts show what they post, blind counting, new locations
    .badLocationCode: "{0} n'est pas un code d'emplacement : 1 à 16 caractères parmi A-Z, 0-9 et '-', en commençant par une lettre (comme A-03-2).",
    .checkingLocations: "Vérification de {0}…",
    .newLocationQuestion: "Nouvel emplacement {0} ? Ce point ne l'a jamais utilisé.",
    .newLocationsQuestion: "Nouveaux emplacements {0} ? Ce point ne les a jamais utilisés.",
    .newLocationKeys: "{0} oui, le créer   {1} non, corriger le code",
    .createsLocation: "(nouvel emplacement {0})",
    .previewingClose: "Lecture de ce que la clôture de l'inventaire {0} enregistrerait…",
    .closePreviewTitle: "Clore l'inventaire {0} ({1}) : ce qui sera enregistré",
    .colLocation: "Emplacement", .colCounted: "Compté", .colExpected: "Attendu", .colDifference: "Écart",
    .previewUncounted: "Non comptés : sortis du stock (attendu → 0)",
    .previewNothing: "Rien à enregistrer : rien n'a été compté et le stock n'a rien là.",
    .previewMovedFrom: "↳ article unique que le stock a en {0} : déplacé ici depuis là",
    .previewSummary: "Écarts à enregistrer : {0}.",
    .previewKeys: "{0} enregistrer   {1} pas maintenant   ↑↓ défiler",
    .countChangedMessage: "Le stock a changé depuis l'affichage des écarts : rien n'a été enregistré ; les voici maintenant.",
    .nothingCountedQuestion: "Rien n'a été compté dans l'inventaire {0} : le clore sort tout ce que le stock a là (unités : {1}, produits : {2}). N'y a-t-il vraiment rien ?",
    .nothingCountedKeys: "{0} oui, il n'y a rien : tout sortir   {1} non",
    .countingMarker: "comptage…",
    .detailOutsideCount: "{0} hors inventaire",
    .askTicketPhone: "Nouveau ticket : téléphone du client :", .askTicketName: "Nom de {0} (Entrée s'il est déjà connu) :",
    .askTicketSubject: "De quoi s'agit-il ({0}) ?", .chooseTicketCategory: "Quel genre de problème pour {0} ?",
    .confirmNewTicket: "Ouvrir un ticket pour {0} : {1}, « {2} » ?", .ticketOpenedMessage: "Ticket {0} ouvert.",
    .badPhone: "Pas un numéro de téléphone : des chiffres, avec + et espaces si besoin (9 à 15 chiffres).",
    .subjectNeeded: "Dites de quoi il s'agit (1 à 120 caractères).", .discardQuestion: "Jeter votre texte pour le ticket {0} ({1} {1|ligne|lignes}) ?",
    .draftThrownAway: "Brouillon jeté.",
    .helpDemo: "La démo",
    // Une base de formation
    .trainingBadge: "formation",
    .journalReplaced: "Le journal des connexions a été perdu ou remplacé : toute connexion est bloquée jusqu'à {0}.",
    // La liaison avec la place de marché ; « en attente » ne s'accorde pas : 1 ou 12 en attente.
    .linkUp: "Liaison OK", .linkDown: "Liaison coupée", .linkDownSince: "Liaison coupée depuis {0}",
    .linkConnecting: "Liaison : connexion…", .linkWaiting: "{0} en attente",
    // Typographie
    .headlineDetail: "{0} : {1}", .ratingOutOfFive: "{0} / 5",
    // Les faits du journal des scans
    .detailTechnical: "Détail technique :",
  ]

  /// The French texts with French spacing (`Typography.frenchSpacing`), as `Strings` shows them.
  static let frSpaced: [Phrase: String] = fr.mapValues(Typography.frenchSpacing)

  static let frActions: [Action: String] = [
    .quit: "quitter la console",
    .logout: "se déconnecter : retour à l'écran de connexion",
    .help: "afficher les touches et ce qu'elles font",
    .tabScans: "afficher la file des scans",
    .tabTasks: "afficher le tableau des tâches",
    .tabStock: "afficher le stock",
    .tabTickets: "afficher les tickets",
    .tabTeam: "afficher l'équipe",
    .nextTab: "afficher l'onglet suivant",
    .previousTab: "afficher l'onglet précédent",
    .moveUp: "choisir la ligne du dessus",
    .moveDown: "choisir la ligne du dessous",
    .pageUp: "remonter d'une page",
    .pageDown: "descendre d'une page",
    .first: "choisir la première ligne",
    .last: "choisir la dernière ligne",
    .open: "ouvrir la ligne choisie",
    .back: "fermer le détail, le filtre ou l'aide",
    .filter: "filtrer la liste par un texte",
    .scanInput: "taper ou scanner un code dans la ligne du lecteur",
    .confirm: "confirmer : remettre la commande, ou oui à une question",
    .decline: "ne pas la remettre maintenant, ou non à une question",
    .reject: "refuser de la remettre, avec un motif",
    .orderUnlock: "débloquer la commande du scan choisi, bloquée par de mauvais codes (vérifier l'identité du client)",
    .labelPrint: "voir l'étiquette de rayon du produit choisi, puis l'imprimer (y)",
    .taskAdd: "ajouter une tâche (genre, priorité, titre)",
    .taskStart: "commencer la tâche (elle devient la vôtre si elle n'est à personne)",
    .taskWait: "mettre la tâche en attente, avec un motif (son délai s'arrête)",
    .taskResume: "reprendre une tâche en attente (son délai repart)",
    .taskDone: "marquer la tâche comme faite",
    .taskCancel: "annuler la tâche, avec un motif",
    .taskTake: "prendre la tâche pour soi",
    .taskAssign: "confier la tâche à quelqu'un, ou à personne",
    .taskPriority: "changer la priorité de la tâche (et donc son délai)",
    .filterType: "montrer un genre de tâche, puis le suivant, puis tous",
    .filterAssignee: "montrer les tâches de tous, les vôtres, ou celles sans personne",
    .filterState: "montrer le tableau, puis chaque état tour à tour, celles en retard",
    .stockView: "montrer le fil des mouvements, ou de nouveau les produits",
    .stockMove: "enregistrer un mouvement du produit choisi (genre, quantité, emplacements, motif)",
    .stockReverse: "annuler le mouvement choisi, avec un motif",
    .transferSend: "envoyer le produit choisi vers un autre point de retrait",
    .transferReceive: "recevoir un transfert par son bordereau (INVENTORY:n)",
    .countOpen: "ouvrir un inventaire de quelques emplacements (puis scanner les produits)",
    .countAdd: "taper combien l'inventaire a trouvé du produit choisi",
    .countClose: "clore l'inventaire ouvert : voir les écarts et les enregistrer",
    .ticketReply: "écrire au client (C-d envoie)",
    .ticketAsk: "poser une question au client : le ticket l'attend, son horloge arrêtée",
    .ticketIn: "noter ce que dit le client (un ticket en attente est rouvert)",
    .ticketNote: "écrire une note interne",
    .ticketResolve: "marquer le ticket comme résolu",
    .ticketClose: "fermer le ticket, avec la note du client",
    .ticketReopen: "rouvrir un ticket résolu ou fermé",
    .ticketTake: "prendre le ticket pour soi",
    .ticketAssign: "confier le ticket à quelqu'un, ou à personne",
    .ticketReveal: "afficher le numéro du client, pour l'appeler (inscrit au journal d'audit)",
    .auditView: "montrer le journal d'audit, ou de nouveau l'équipe",
    .auditBy: "dans le journal d'audit : montrer les lignes d'une personne, puis de la suivante, puis de tous",
    .auditAction: "dans le journal d'audit : montrer une famille d'actions, puis la suivante, puis toutes",
    .ticketOpen: "ouvrir un ticket pour un client au comptoir : téléphone, nom, catégorie, objet",
    .staffUnlock: "dans l'équipe : lever le blocage que des connexions manquées ont mis sur le compte choisi (votre mot de passe)",
  ]

  /// The bottom bar's words for each action: a key and a word or two.
  static let shortActions: [Action: (en: String, fr: String)] = [
    .quit: ("quit", "quitter"), .logout: ("log out", "déconnexion"), .help: ("help", "aide"), .tabScans: ("scans", "scans"), .tabTasks: ("tasks", "tâches"),
    .tabStock: ("stock", "stock"), .tabTickets: ("tickets", "tickets"), .tabTeam: ("team", "équipe"),
    .nextTab: ("next tab", "onglet suivant"), .previousTab: ("previous tab", "onglet précédent"),
    .moveUp: ("up", "haut"), .moveDown: ("down", "bas"), .pageUp: ("page up", "page haut"), .pageDown: ("page down", "page bas"),
    .first: ("first", "début"), .last: ("last", "fin"), .open: ("detail", "détail"), .back: ("back", "retour"),
    .filter: ("filter", "filtrer"), .scanInput: ("type a code", "saisir un code"), .confirm: ("hand over", "remettre"),
    .decline: ("not now", "pas maintenant"), .reject: ("refuse", "refuser"), .orderUnlock: ("unlock", "débloquer"), .labelPrint: ("label", "étiquette"),
    .taskAdd: ("add", "ajouter"), .taskStart: ("start", "commencer"), .taskWait: ("wait", "attente"),
    .taskResume: ("resume", "reprendre"), .taskDone: ("done", "faite"), .taskCancel: ("cancel", "annuler"),
    .taskTake: ("take", "prendre"), .taskAssign: ("assign", "confier"), .taskPriority: ("priority", "priorité"),
    .filterType: ("type", "genre"), .filterAssignee: ("who", "qui"), .filterState: ("state", "état"),
    .stockView: ("feed", "mouvements"), .stockMove: ("move", "mouvement"), .stockReverse: ("reverse", "annuler"),
    .transferSend: ("send", "envoyer"), .transferReceive: ("receive", "recevoir"), .countOpen: ("count", "inventaire"),
    .countAdd: ("counted", "compté"), .countClose: ("close count", "clore"),
    .ticketReply: ("answer", "répondre"), .ticketAsk: ("ask", "demander"), .ticketIn: ("customer said", "client dit"),
    .ticketNote: ("note", "note"), .ticketResolve: ("resolve", "résoudre"), .ticketClose: ("close", "fermer"),
    .ticketReopen: ("reopen", "rouvrir"), .ticketTake: ("take", "prendre"), .ticketAssign: ("assign", "confier"),
    .ticketReveal: ("phone", "numéro"), .auditView: ("audit", "audit"), .auditBy: ("by whom", "par qui"),
    .auditAction: ("actions", "actions"), .staffUnlock: ("unlock login", "débloquer le compte"),
    .ticketOpen: ("new ticket", "nouveau ticket"),
  ]

  /// Named keys as French keyboards label them.
  static let frKeyNames: [Key.Named: String] = [
    .enter: "Entrée", .escape: "Échap", .tab: "Tab", .backTab: "Maj+Tab", .space: "Espace", .backspace: "Retour",
    .delete: "Suppr", .up: "Haut", .down: "Bas", .left: "Gauche", .right: "Droite", .pageUp: "PgPréc", .pageDown: "PgSuiv",
    .home: "Début", .end: "Fin", .insert: "Inser",
  ]
}
