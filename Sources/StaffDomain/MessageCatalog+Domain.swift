/// The domain's refusals and the problems it finds with a value: a field's predicate (`is empty`,
/// said after the field's name), tasks, tickets, stock movements, roles and secrets, schedules.
/// French fields' predicates avoid agreeing in gender, so one predicate follows any field's name.
extension MessageCode {
  // A field's predicate, put after the field's name by whoever knows which field it is.
  public static let fieldEmpty = MessageCode("field.empty")
  public static let fieldTooManyDigits = MessageCode("field.too_many_digits")
  public static let fieldNotDecimal = MessageCode("field.not_decimal")
  public static let fieldLeadingZero = MessageCode("field.leading_zero")
  public static let fieldCodeLength = MessageCode("field.code_length")
  public static let fieldCodeCharacters = MessageCode("field.code_characters")
  public static let fieldLocationLength = MessageCode("field.location_length")
  public static let fieldCapitalFirst = MessageCode("field.capital_first")
  public static let fieldLocationCharacters = MessageCode("field.location_characters")
  public static let fieldPointLength = MessageCode("field.point_length")
  public static let fieldLoginLength = MessageCode("field.login_length")
  public static let fieldLowerFirst = MessageCode("field.lower_first")
  public static let fieldLoginCharacters = MessageCode("field.login_characters")
  public static let fieldPhoneCharacters = MessageCode("field.phone_characters")
  public static let fieldPhoneDigits = MessageCode("field.phone_digits")
  public static let fieldTooLong = MessageCode("field.too_long")
  public static let fieldControlCharacter = MessageCode("field.control_character")
  public static let fieldInvisibleCharacter = MessageCode("field.invisible_character")
  /// A whole sentence: `'x' is not one of: a, b, c`.
  public static let notOneOf = MessageCode("field.not_one_of")
  /// `WHERE: PROBLEM`, a problem prefixed with where it was found (a config key, a priority).
  public static let prefixed = MessageCode("general.prefixed")

  public static let durationInvalid = MessageCode("duration.invalid")
  public static let durationTooBig = MessageCode("duration.too_big")
  public static let durationNoUnit = MessageCode("duration.no_unit")
  public static let durationUnderMinute = MessageCode("duration.under_minute")
  public static let durationOver90Days = MessageCode("duration.over_90_days")
  public static let ticketTargetsCount = MessageCode("config.ticket_targets_count")
  public static let holdDaysInvalid = MessageCode("config.hold_days")
  public static let timeInvalid = MessageCode("time.invalid")
  public static let timeImpossible = MessageCode("time.impossible")
  public static let standardNotPair = MessageCode("config.standard_not_pair")
  public static let standardNotType = MessageCode("config.standard_not_type")
  public static let standardMinutes = MessageCode("config.standard_minutes")

  public static let titleProblem = MessageCode("task.title_problem")
  public static let taskClosed = MessageCode("task.closed")
  public static let taskAlreadyInProgress = MessageCode("task.already_in_progress")
  public static let taskWaitingResume = MessageCode("task.waiting_resume")
  public static let taskAlreadyWaiting = MessageCode("task.already_waiting")
  public static let taskAlreadyWaitingNoReason = MessageCode("task.already_waiting_no_reason")
  public static let taskNotWaiting = MessageCode("task.not_waiting")
  public static let taskCancelNeedsReason = MessageCode("task.cancel_needs_reason")
  public static let taskCancelReasonBad = MessageCode("task.cancel_reason_bad")
  public static let taskAlreadyAssigned = MessageCode("task.already_assigned")
  public static let taskNoAssignee = MessageCode("task.no_assignee")
  public static let taskSamePriority = MessageCode("task.same_priority")
  public static let taskMissing = MessageCode("task.missing")

  public static let ticketReopenToWrite = MessageCode("ticket.reopen_to_write")
  public static let ticketReopenFirst = MessageCode("ticket.reopen_first")
  public static let ticketAlready = MessageCode("ticket.already")
  public static let ticketAlreadyClosed = MessageCode("ticket.already_closed")
  public static let ticketRatingRange = MessageCode("ticket.rating_range")
  public static let ticketNotResolved = MessageCode("ticket.not_resolved")
  public static let ticketSetByHand = MessageCode("ticket.set_by_hand")
  public static let ticketRatedWhen = MessageCode("ticket.rated_when")

  public static let moveReversalWay = MessageCode("move.reversal_way")
  public static let moveReceiveTo = MessageCode("move.receive_to")
  public static let movePickFrom = MessageCode("move.pick_from")
  public static let moveDamageFrom = MessageCode("move.damage_from")
  public static let moveOneSide = MessageCode("move.one_side")
  public static let moveTransferLeg = MessageCode("move.transfer_leg")
  public static let moveTransferBoth = MessageCode("move.transfer_both")
  public static let moveAlreadyReversed = MessageCode("move.already_reversed")
  public static let moveIsReversal = MessageCode("move.is_reversal")
  public static let moveInTransfer = MessageCode("move.in_transfer")

  public static let accessRefused = MessageCode("access.refused")
  /// What a permission lets one do, as the refusal says it (`hand orders over or refuse them`).
  public static func permission(_ p: Permission) -> MessageCode { MessageCode("access.permission." + p.rawValue) }

  public static let secretTooLong = MessageCode("secret.too_long")
  public static let secretControl = MessageCode("secret.control")
  public static let secretPinClerksOnly = MessageCode("secret.pin_clerks_only")
  public static let secretPinDigits = MessageCode("secret.pin_digits")
  public static let secretPinRepeated = MessageCode("secret.pin_repeated")
  public static let secretPasswordShort = MessageCode("secret.password_short")
  public static let secretPasswordSpaces = MessageCode("secret.password_spaces")

  public static let loginWrong = MessageCode("login.wrong")
  public static let loginLocked = MessageCode("login.locked")
  public static let loginDisabled = MessageCode("login.disabled")
  public static let loginPinNeedsTerminal = MessageCode("login.pin_needs_terminal")

  public static let decisionNotVerified = MessageCode("decision.not_verified")
  public static let decisionHandedOver = MessageCode("decision.handed_over")
  public static let decisionAlreadyRefused = MessageCode("decision.already_refused")
  public static let decisionHandedOverAt = MessageCode("decision.handed_over_at")
  public static let unrecordedStaff = MessageCode("general.unrecorded_staff")
  public static let someone = MessageCode("general.someone")

  public static let cronTooLong = MessageCode("cron.too_long")
  public static let cronAlone = MessageCode("cron.alone")
  public static let cronFieldCount = MessageCode("cron.field_count")
  public static let cronField = MessageCode("cron.field")
  public static let cronFieldControl = MessageCode("cron.field_control")
  public static let cronMinute = MessageCode("cron.minute")
  public static let cronHour = MessageCode("cron.hour")
  public static let cronDay = MessageCode("cron.day")
  public static let cronMonth = MessageCode("cron.month")
  public static let cronWeekday = MessageCode("cron.weekday")
  public static let cronItemEmpty = MessageCode("cron.item_empty")
  public static let cronTwoSlashes = MessageCode("cron.two_slashes")
  public static let cronNotRange = MessageCode("cron.not_range")
  public static let cronBackwards = MessageCode("cron.backwards")
  public static let cronNoStep = MessageCode("cron.no_step")
  public static let cronNotNumber = MessageCode("cron.not_number")
  public static let cronStepRange = MessageCode("cron.step_range")
  public static let cronOutside = MessageCode("cron.outside")
  public static let cronNotMonth = MessageCode("cron.not_month")
  public static let cronNotWeekday = MessageCode("cron.not_weekday")
  public static let scheduleValueTooLong = MessageCode("schedule.value_too_long")
  public static let scheduleValueEmpty = MessageCode("schedule.value_empty")
  public static let scheduleTypeMissing = MessageCode("schedule.type_missing")
  public static let schedulePriorityMissing = MessageCode("schedule.priority_missing")
  public static let scheduleTitleMissing = MessageCode("schedule.title_missing")
  public static let scheduleTypeControl = MessageCode("schedule.type_control")
  public static let scheduleTypeUnknown = MessageCode("schedule.type_unknown")
  public static let schedulePriorityControl = MessageCode("schedule.priority_control")
  public static let schedulePriorityUnknown = MessageCode("schedule.priority_unknown")
  public static let scheduleNameLength = MessageCode("schedule.name_length")
  public static let scheduleNameCharacters = MessageCode("schedule.name_characters")
  public static let scheduleNameStart = MessageCode("schedule.name_start")
}

extension MessageCatalog {
  static let domain: [MessageCode: Texts] = [
    .fieldEmpty: ("is empty", "est vide"),
    .fieldTooManyDigits: ("has more than 12 digits", "a plus de 12 chiffres"),
    .fieldNotDecimal: ("is not a decimal number", "n'est pas un nombre décimal"),
    .fieldLeadingZero: ("has a leading zero or is zero", "commence par un zéro ou vaut zéro"),
    .fieldCodeLength: ("must be 6 to 10 characters, got {0}", "doit avoir de 6 à 10 caractères, et non {0}"),
    .fieldCodeCharacters: ("may hold only digits and capital letters A-Z", "ne peut contenir que des chiffres et des majuscules A-Z"),
    .fieldLocationLength: ("must be 1 to 16 characters", "doit avoir de 1 à 16 caractères"),
    .fieldCapitalFirst: ("must start with a capital letter", "doit commencer par une majuscule"),
    .fieldLocationCharacters: ("may hold only A-Z, 0-9 and '-'", "ne peut contenir que A-Z, 0-9 et « - »"),
    .fieldPointLength: ("must be 2 to 16 characters", "doit avoir de 2 à 16 caractères"),
    .fieldLoginLength: ("must be 2 to 32 characters", "doit avoir de 2 à 32 caractères"),
    .fieldLowerFirst: ("must start with a lower-case letter", "doit commencer par une minuscule"),
    .fieldLoginCharacters: ("may hold only a-z, 0-9, '.', '_' and '-'", "ne peut contenir que a-z, 0-9, « . », « _ » et « - »"),
    .fieldPhoneCharacters: (
      "may hold only digits, spaces, '-' and a leading '+'", "ne peut contenir que des chiffres, des espaces, des « - » et un « + » au début"
    ),
    .fieldPhoneDigits: (
      "must have 9 digits (Cameroon) or 8 to 15 with a country code", "doit avoir 9 chiffres (Cameroun), ou de 8 à 15 avec l'indicatif du pays"
    ),
    .fieldTooLong: ("is longer than {0} {0|character|characters}", "dépasse {0} {0|caractère|caractères}"),
    .fieldControlCharacter: ("contains a control character", "contient un caractère de contrôle"),
    .fieldInvisibleCharacter: (
      "contains an invisible character ({0}), such as a direction override",
      "contient un caractère invisible ({0}), comme un forçage du sens d'écriture"
    ),
    .notOneOf: ("'{0}' is not one of: {1}", "« {0} » n'est pas parmi : {1}"),
    .prefixed: ("{0}: {1}", "{0} : {1}"),

    .durationInvalid: ("'{0}' is not a duration such as 90m, 2h, 1h30m or 2d", "« {0} » n'est pas une durée comme 90m, 2h, 1h30m ou 2d"),
    .durationTooBig: ("'{0}' is too long a duration (at most 90 days)", "« {0} » est une durée trop longue (90 jours au plus)"),
    .durationNoUnit: ("'{0}' ends in a number without a unit (d, h or m)", "« {0} » finit par un nombre sans unité (d, h ou m)"),
    .durationUnderMinute: ("'{0}' is shorter than one minute", "« {0} » dure moins d'une minute"),
    .durationOver90Days: ("'{0}' is longer than 90 days", "« {0} » dure plus de 90 jours"),
    .ticketTargetsCount: (
      "expected four durations (URGENT HIGH MEDIUM LOW), such as `1h 4h 8h 1d`; found {0}",
      "quatre durées attendues (URGENT HIGH MEDIUM LOW), comme `1h 4h 8h 1d` ; {0} {0|trouvée|trouvées}"
    ),
    .holdDaysInvalid: (
      "hold_days '{0}' is not a number of days from {1} to {2}", "hold_days « {0} » n'est pas un nombre de jours de {1} à {2}"
    ),
    .timeInvalid: ("'{0}' is not a time like 2026-11-20T09:30:00+01:00", "« {0} » n'est pas une heure comme 2026-11-20T09:30:00+01:00"),
    .timeImpossible: ("'{0}' is not a valid date and time", "« {0} » n'est pas une date et une heure valables"),
    .standardNotPair: ("'{0}' is not TYPE=MINUTES", "« {0} » n'est pas TYPE=MINUTES"),
    .standardNotType: ("'{0}' is not a task type ({1})", "« {0} » n'est pas un type de tâche ({1})"),
    .standardMinutes: ("the minutes of {0} must be from 1 to 480", "les minutes de {0} vont de 1 à 480"),

    .titleProblem: ("the title {0}", "le titre {0}"),
    .taskClosed: ("task {0} is {1}: a closed task cannot be changed", "la tâche {0} est {1} : une tâche fermée ne change plus"),
    .taskAlreadyInProgress: ("task {0} is already in progress", "la tâche {0} est déjà en cours"),
    .taskWaitingResume: ("task {0} is waiting: resume it instead", "la tâche {0} est en attente : reprenez-la plutôt"),
    .taskAlreadyWaiting: ("task {0} is already waiting ({1})", "la tâche {0} est déjà en attente ({1})"),
    .taskAlreadyWaitingNoReason: ("task {0} is already waiting (no reason)", "la tâche {0} est déjà en attente (sans motif)"),
    .taskNotWaiting: ("task {0} is not waiting", "la tâche {0} n'est pas en attente"),
    .taskCancelNeedsReason: ("cancelling task {0} needs a reason", "annuler la tâche {0} demande un motif"),
    .taskCancelReasonBad: ("the reason for cancelling task {0} {1}", "le motif d'annulation de la tâche {0} {1}"),
    .taskAlreadyAssigned: ("task {0} is already {1}'s", "la tâche {0} est déjà à {1}"),
    .taskNoAssignee: ("task {0} has no assignee", "la tâche {0} n'est à personne"),
    .taskSamePriority: ("task {0} is already {1}", "la tâche {0} est déjà en priorité {1}"),
    .taskMissing: ("there is no task {0}", "il n'y a pas de tâche {0}"),

    .ticketReopenToWrite: (
      "ticket {0} is {1}: reopen it to write to the customer", "le ticket {0} est {1} : rouvrez-le pour écrire au client"
    ),
    .ticketReopenFirst: ("ticket {0} is {1}: reopen it first", "le ticket {0} est {1} : rouvrez-le d'abord"),
    .ticketAlready: ("ticket {0} is already {1}", "le ticket {0} est déjà {1}"),
    .ticketAlreadyClosed: ("ticket {0} is already closed", "le ticket {0} est déjà fermé"),
    .ticketRatingRange: ("a rating is from 1 to 5, not {0}", "une note va de 1 à 5, pas {0}"),
    .ticketNotResolved: ("ticket {0} is {1}: it is not resolved", "le ticket {0} est {1} : il n'est pas résolu"),
    .ticketSetByHand: (
      "a ticket is set to open or waiting_customer by hand; resolve or close it instead",
      "à la main, un ticket passe seulement à open ou waiting_customer ; résolvez-le ou fermez-le plutôt"
    ),
    .ticketRatedWhen: ("ticket {0} is rated once it is resolved or closed", "le ticket {0} se note une fois résolu ou fermé"),

    .moveReversalWay: (
      "a reversal goes the other way of the movement it undoes: {0}", "une annulation va en sens inverse du mouvement qu'elle défait : {0}"
    ),
    .moveReceiveTo: ("a RECEIVE puts goods somewhere: give --to, not --from", "un RECEIVE range des articles : donnez --to, pas --from"),
    .movePickFrom: ("a PICK takes goods from somewhere: give --from, not --to", "un PICK prend des articles : donnez --from, pas --to"),
    .moveDamageFrom: (
      "a DAMAGE writes goods off from somewhere: give --from, not --to", "un DAMAGE sort des articles du stock : donnez --from, pas --to"
    ),
    .moveOneSide: (
      "a {0} goes into one location (--to) or out of one (--from), not both or neither",
      "un {0} entre dans un emplacement (--to) ou sort d'un emplacement (--from), pas les deux ni aucun"
    ),
    .moveTransferLeg: ("a TRANSFER leg needs a location", "une étape de TRANSFER demande un emplacement"),
    .moveTransferBoth: (
      "a TRANSFER moves goods between two locations: give --from and --to",
      "un TRANSFER déplace des articles entre deux emplacements : donnez --from et --to"
    ),
    .moveAlreadyReversed: ("movement {0} was already reversed by movement {1}", "le mouvement {0} a déjà été annulé par le mouvement {1}"),
    .moveIsReversal: (
      "movement {0} is itself the reversal of movement {1}: post the movement again instead",
      "le mouvement {0} annule lui-même le mouvement {1} : enregistrez plutôt le mouvement à nouveau"
    ),
    .moveInTransfer: (
      "movement {0} belongs to transfer {1}: it is undone by the transfer (cancel it), not reversed",
      "le mouvement {0} fait partie du transfert {1} : c'est le transfert qui le défait (annulez-le), pas une annulation de mouvement"
    ),

    .accessRefused: ("a {0} may not {1} (see ROLES in vgk-staff(1))", "un {0} ne peut pas {1} (voir ROLES dans vgk-staff(1))"),
    .permission(.read): ("read lists and details", "lire les listes et les détails"),
    .permission(.scan): ("process scans at the counter", "traiter les scans au comptoir"),
    .permission(.handOver): ("hand orders over or refuse them", "remettre des commandes ou les refuser"),
    .permission(.unlockOrder): ("unlock orders", "débloquer des commandes"),
    .permission(.workTask): ("work on tasks", "travailler sur les tâches"),
    .permission(.manageTask): ("add, assign, prioritise or cancel tasks", "ajouter, attribuer, prioriser ou annuler des tâches"),
    .permission(.changeStock): ("change stock", "modifier le stock"),
    .permission(.setThreshold): ("set low-stock thresholds", "fixer les seuils de stock bas"),
    .permission(.workTicket): ("work on tickets", "traiter les tickets"),
    .permission(.noteTicket): ("write internal notes on tickets", "écrire des notes internes sur les tickets"),
    .permission(.assignTicket): ("assign tickets", "attribuer les tickets"),
    .permission(.revealPhone): ("reveal customers' phone numbers", "afficher le numéro des clients"),
    .permission(.readTeam): ("read the team's performance", "lire les chiffres de l'équipe"),
    .permission(.readAudit): ("read the audit trail", "lire le journal d'audit"),
    .permission(.manageStaff): ("manage staff accounts", "gérer les comptes du personnel"),
    .permission(.unlockAccount): ("unlock staff accounts", "débloquer les comptes du personnel"),
    .permission(.importData): ("import products, orders or staff", "importer des produits, des commandes ou le personnel"),
    .permission(.printLabels): ("print labels", "imprimer des étiquettes"),

    .secretTooLong: ("a secret is at most {0} {0|byte|bytes}", "un secret fait au plus {0} {0|octet|octets}"),
    .secretControl: ("a secret may not hold control characters", "un secret ne peut pas contenir de caractères de contrôle"),
    .secretPinClerksOnly: (
      "only clerks may use a PIN; a {0} needs a password of at least {1} {1|character|characters}",
      "seuls les agents utilisent un code PIN ; un {0} a besoin d'un mot de passe d'au moins {1} {1|caractère|caractères}"
    ),
    .secretPinDigits: ("a PIN is 4 to 8 digits", "un code PIN a de 4 à 8 chiffres"),
    .secretPinRepeated: ("a PIN of one repeated digit is too easy to guess", "un code PIN d'un seul chiffre répété se devine trop facilement"),
    .secretPasswordShort: ("a password is at least {0} {0|character|characters}", "un mot de passe a au moins {0} {0|caractère|caractères}"),
    .secretPasswordSpaces: ("a password of spaces only is refused", "un mot de passe fait seulement d'espaces est refusé"),

    .loginWrong: (
      "wrong login or secret ({0} {0|try|tries} left this hour)",
      "identifiant ou secret erroné ({0} {0|essai restant|essais restants} pour cette heure)"
    ),
    .loginLocked: (
      "too many failed logins: this account is locked until {0} (a supervisor can unlock it)",
      "trop d'échecs de connexion : ce compte est bloqué jusqu'à {0} (un superviseur peut le débloquer)"
    ),
    .loginDisabled: ("this account is disabled: ask an admin", "ce compte est désactivé : adressez-vous à un administrateur"),
    .loginPinNeedsTerminal: (
      "a PIN works only on a counter terminal that holds its terminal key: use a password here",
      "un code PIN ne marche que sur un poste du comptoir qui a sa clé de poste : utilisez ici un mot de passe"
    ),

    .decisionNotVerified: (
      "scan {0} is not a right pickup code waiting for a handover", "le scan {0} n'est pas un bon code de retrait en attente de remise"
    ),
    .decisionHandedOver: ("the order was handed over by {0} on {1}", "la commande a été remise par {0} le {1}"),
    .decisionHandedOverAt: ("the order was handed over by {0} on {1} at {2}", "la commande a été remise par {0} le {1} au poste {2}"),
    .unrecordedStaff: ("an unrecorded staff member", "un membre du personnel non enregistré"),
    .someone: ("someone", "quelqu'un"),
    .decisionAlreadyRefused: ("already refused by {0} on {1} ({2})", "déjà refusée par {0} le {1} ({2})"),

    .cronTooLong: ("the cron expression is longer than {0} {0|character|characters}", "l'expression cron dépasse {0} {0|caractère|caractères}"),
    .cronAlone: ("'{0}' stands alone, found {1} {1|field|fields}", "« {0} » s'écrit seul ; {1} {1|champ|champs} trouvés"),
    .cronFieldCount: (
      "expected 5 fields (minute hour day month weekday), found {0}",
      "5 champs attendus (minute heure jour mois jour-de-semaine) ; {0} {0|trouvé|trouvés}"
    ),
    .cronField: ("the {0} field '{1}': {2}", "le champ {0} « {1} » : {2}"),
    .cronFieldControl: ("the {0} field contains a control character", "le champ {0} contient un caractère de contrôle"),
    .cronMinute: ("minute", "minute"),
    .cronHour: ("hour", "heure"),
    .cronDay: ("day", "jour"),
    .cronMonth: ("month", "mois"),
    .cronWeekday: ("weekday", "jour de la semaine"),
    .cronItemEmpty: ("an item of the list is empty", "un élément de la liste est vide"),
    .cronTwoSlashes: ("'{0}' has more than one '/'", "« {0} » a plus d'un « / »"),
    .cronNotRange: ("'{0}' is not a range like 1-5", "« {0} » n'est pas un intervalle comme 1-5"),
    .cronBackwards: ("the range {0} runs backwards", "l'intervalle {0} va à rebours"),
    .cronNoStep: ("'{0}' has no step after '/'", "« {0} » n'a pas de pas après « / »"),
    .cronNotNumber: ("'{0}' is not a number", "« {0} » n'est pas un nombre"),
    .cronStepRange: ("step {0} is outside 1-{1}", "le pas {0} sort de 1-{1}"),
    .cronOutside: ("{0} is outside {1}-{2}", "{0} sort de {1}-{2}"),
    .cronNotMonth: ("'{0}' is not a number or a month name (jan-dec)", "« {0} » n'est ni un nombre ni un mois (jan-dec)"),
    .cronNotWeekday: ("'{0}' is not a number or a day name (sun-sat)", "« {0} » n'est ni un nombre ni un jour (sun-sat)"),
    .scheduleValueTooLong: ("the value is longer than {0} {0|character|characters}", "la valeur dépasse {0} {0|caractère|caractères}"),
    .scheduleValueEmpty: (
      "the value is empty (expected CRON TYPE PRIORITY TITLE)", "la valeur est vide (attendu : CRON TYPE PRIORITÉ TITRE)"
    ),
    .scheduleTypeMissing: (
      "the task type is missing (expected CRON TYPE PRIORITY TITLE)", "le type de tâche manque (attendu : CRON TYPE PRIORITÉ TITRE)"
    ),
    .schedulePriorityMissing: (
      "the priority is missing (expected CRON TYPE PRIORITY TITLE)", "la priorité manque (attendu : CRON TYPE PRIORITÉ TITRE)"
    ),
    .scheduleTitleMissing: (
      "the title is missing (expected CRON TYPE PRIORITY TITLE)", "le titre manque (attendu : CRON TYPE PRIORITÉ TITRE)"
    ),
    .scheduleTypeControl: ("the task type contains a control character", "le type de tâche contient un caractère de contrôle"),
    .scheduleTypeUnknown: ("the task type '{0}' is not one of: {1}", "le type de tâche « {0} » n'est pas parmi : {1}"),
    .schedulePriorityControl: ("the priority contains a control character", "la priorité contient un caractère de contrôle"),
    .schedulePriorityUnknown: ("the priority '{0}' is not one of: {1}", "la priorité « {0} » n'est pas parmi : {1}"),
    .scheduleNameLength: ("the schedule name must be 1 to 32 characters", "le nom du planning doit avoir de 1 à 32 caractères"),
    .scheduleNameCharacters: (
      "the schedule name may hold only a-z, 0-9 and '-'", "le nom du planning ne peut contenir que a-z, 0-9 et « - »"
    ),
    .scheduleNameStart: ("the schedule name must start with a letter or digit", "le nom du planning doit commencer par une lettre ou un chiffre"),
  ]
}
