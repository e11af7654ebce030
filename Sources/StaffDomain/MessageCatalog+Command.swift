/// The command line's own refusals and problems with its input (options, the config, files, the
/// printer) and the centre's, put in the reader's language like the store's.
extension MessageCode {
  public static let escalationFailed = MessageCode("command.escalation_failed")
  public static let taskRulesFailed = MessageCode("command.task_rules_failed")
  public static let loginsUnchecked = MessageCode("command.logins_unchecked")
  public static let noOneOnDuty = MessageCode("command.no_one_on_duty")
  public static let noKeyConversations = MessageCode("command.no_key_conversations")
  public static let noKeyTickets = MessageCode("command.no_key_tickets")
  public static let noKeyScans = MessageCode("command.no_key_scans")
  public static let scanNotOfOrder = MessageCode("command.scan_not_of_order")
  public static let centralNoPointRotate = MessageCode("central.no_point_rotate")
  public static let centralRoleTaken = MessageCode("central.role_taken")
  public static let centralPointExists = MessageCode("central.point_exists")
  public static let centralRoleMissing = MessageCode("central.role_missing")
  public static let centralNoSchema = MessageCode("central.no_schema")
  public static let centralNoPoint = MessageCode("central.no_point")
  public static let notUTF8 = MessageCode("command.not_utf8")
  public static let configLine = MessageCode("command.config_line")
  public static let noFixtures = MessageCode("command.no_fixtures")
  public static let configWhole = MessageCode("command.config_whole")
  public static let pinnedNow = MessageCode("command.pinned_now")
  public static let realPointPinned = MessageCode("command.real_point_pinned")
  public static let staffLoginBad = MessageCode("command.staff_login_bad")
  public static let staffMissing = MessageCode("command.staff_missing")
  public static let thisCommand = MessageCode("command.this_command")
  public static let terminalBad = MessageCode("command.terminal_bad")
  public static let notLocations = MessageCode("command.not_locations")
  public static let configProblem = MessageCode("command.config_problem")
  public static let cameraFolder = MessageCode("command.camera_folder")
  public static let printerBoth = MessageCode("command.printer_both")
  public static let printerPaper = MessageCode("command.printer_paper")
  public static let printerFormat = MessageCode("command.printer_format")
  public static let noPrinter = MessageCode("command.no_printer")
  public static let printerCommandFailed = MessageCode("command.printer_command_failed")
  public static let printerCannotOpen = MessageCode("command.printer_cannot_open")
  public static let printerDirectory = MessageCode("command.printer_directory")
  public static let printerStopped = MessageCode("command.printer_stopped")
  public static let printerTimeout = MessageCode("command.printer_timeout")
  public static let cannotWrite = MessageCode("command.cannot_write")
  public static let noSlipFor = MessageCode("command.no_slip")
  public static let jobNotPrinted = MessageCode("command.job_not_printed")
  public static let notLanguage = MessageCode("command.not_language")
  public static let keymapName = MessageCode("command.keymap_name")
  public static let keymapMissing = MessageCode("command.keymap_missing")
  public static let keymapTooBig = MessageCode("command.keymap_too_big")
  public static let noKeymaps = MessageCode("command.no_keymaps")
  public static let linkURLEmpty = MessageCode("command.link_url_empty")
  public static let linkURLBad = MessageCode("command.link_url_bad")
  public static let linkListen = MessageCode("command.link_listen")
  public static let linkNotSet = MessageCode("command.link_not_set")
  public static let cannotCreate = MessageCode("command.cannot_create")
  public static let noSecretYet = MessageCode("command.no_secret_yet")
  public static let cannotWriteFile = MessageCode("command.cannot_write_file")
}

extension MessageCatalog {
  static let command: [MessageCode: Texts] = [
    .escalationFailed: ("escalating task {0}: {1}", "escalade de la tâche {0} : {1}"),
    .taskRulesFailed: ("task rules: {0}", "règles des tâches : {0}"),
    .loginsUnchecked: ("logins cannot be checked here: {0}", "les connexions ne peuvent pas être vérifiées ici : {0}"),
    .noOneOnDuty: ("no one is on duty", "personne n'est de service"),
    .noKeyConversations: ("no personal-data key: the conversations cannot be opened", "pas de clé des données personnelles : les conversations ne s'ouvrent pas"),
    .noKeyTickets: ("no personal-data key: tickets cannot be changed", "pas de clé des données personnelles : les tickets ne peuvent pas être modifiés"),
    .noKeyScans: ("no pickup-code key: scans cannot be checked", "pas de clé des codes de retrait : les scans ne peuvent pas être vérifiés"),
    .scanNotOfOrder: ("scan {0} is not of order {1}", "le scan {0} n'est pas celui de la commande {1}"),
    .centralNoPointRotate: ("there is no point {0} here to give a new password: add it without --rotate", "il n'y a pas de point {0} ici à qui donner un nouveau mot de passe : ajoutez-le sans --rotate"),
    .centralRoleTaken: ("a role {0} already exists on this server but is no point of this database: it is not taken over (drop it, or use another point code)", "un rôle {0} existe déjà sur ce serveur mais n'est pas un point de cette base : il n'est pas repris (supprimez-le, ou prenez un autre code de point)"),
    .centralPointExists: ("point {0} exists already (role {1}); nothing was changed. To give it a new password (the old one stops working), run add-point again with --rotate", "le point {0} existe déjà (rôle {1}) ; rien n'a changé. Pour lui donner un nouveau mot de passe (l'ancien cesse de marcher), relancez add-point avec --rotate"),
    .centralRoleMissing: ("point {0}'s role {1} is missing from the server: restore it first", "le rôle {1} du point {0} manque sur le serveur : restaurez-le d'abord"),
    .centralNoSchema: ("the centre's schema vgk_link is not set up (missing {0}): run `vgk-staff central setup` first", "le schéma vgk_link du centre n'est pas en place (il manque {0}) : lancez d'abord `vgk-staff central setup`"),
    .centralNoPoint: ("there is no point {0} at the centre: add it with `vgk-staff central add-point` first", "il n'y a pas de point {0} au centre : ajoutez-le d'abord avec `vgk-staff central add-point`"),
    .notUTF8: ("{0}: is not UTF-8 text", "{0} : n'est pas du texte UTF-8"),
    .configLine: ("{0}:{1}: {2}", "{0}:{1} : {2}"),
    .noFixtures: ("cannot find the demo fixtures (Fixtures/demo): set VGK_STAFF_FIXTURES to the Fixtures directory", "impossible de trouver les données de démonstration (Fixtures/demo) : donnez le dossier Fixtures dans VGK_STAFF_FIXTURES"),
    .configWhole: ("config {0}: '{1}' is not a whole number from {2} to {3}", "config {0} : « {1} » n'est pas un nombre entier de {2} à {3}"),
    .pinnedNow: ("VGK_STAFF_NOW: {0}, or whole seconds since 1970", "VGK_STAFF_NOW : {0}, ni un nombre entier de secondes depuis 1970"),
    .realPointPinned: ("VGK_STAFF_NOW is set, but {0} is a real point's database: its clock cannot be pinned (only a training database, made with init --training, takes VGK_STAFF_NOW)", "VGK_STAFF_NOW est fixé, mais {0} est la base d'un vrai point : son horloge ne peut pas être figée (seule une base d'entraînement, faite avec init --training, accepte VGK_STAFF_NOW)"),
    .staffLoginBad: ("{0}: a staff login {1}", "{0} : un identifiant du personnel {1}"),
    .staffMissing: ("--staff is missing: {0} needs your staff login (who does it, for the audit log): pass --staff LOGIN or set VGK_STAFF_USER", "--staff manque : {0} demande votre identifiant (qui le fait, pour le journal d'audit) : passez --staff IDENTIFIANT ou fixez VGK_STAFF_USER"),
    .thisCommand: ("this command", "cette commande"),
    .terminalBad: ("VGK_STAFF_TERMINAL {0}", "VGK_STAFF_TERMINAL {0}"),
    .notLocations: ("{0} {1|is not a location|are not locations} of this point (never used): check the code, or give --new-location to create {1|it|them}", "{0} {1|n'est pas un emplacement|ne sont pas des emplacements} de ce point (jamais {1|utilisé|utilisés}) : vérifiez le code, ou donnez --new-location pour {1|le|les} créer"),
    .configProblem: ("config {0}", "config {0}"),
    .cameraFolder: ("{0}", "{0}"),
    .printerBoth: ("config: give printer_device or printer_command, not both", "config : donnez printer_device ou printer_command, pas les deux"),
    .printerPaper: ("config printer_paper: '{0}' is not 58 or 80 (millimetres)", "config printer_paper : « {0} » n'est ni 58 ni 80 (millimètres)"),
    .printerFormat: ("config printer_format: '{0}' is not escpos, png or text", "config printer_format : « {0} » n'est ni escpos, ni png, ni text"),
    .noPrinter: ("no printer is configured (printer_device or printer_command in the config)", "aucune imprimante n'est configurée (printer_device ou printer_command dans la config)"),
    .printerCommandFailed: ("the printer command failed: {0}", "la commande d'impression a échoué : {0}"),
    .printerCannotOpen: ("the printer {0} cannot be opened ({1}): is it plugged in and switched on?", "l'imprimante {0} ne s'ouvre pas ({1}) : est-elle branchée et allumée ?"),
    .printerDirectory: ("the printer {0} is a directory", "l'imprimante {0} est un dossier"),
    .printerStopped: ("the printer {0} stopped taking the label ({1})", "l'imprimante {0} a cessé de prendre l'étiquette ({1})"),
    .printerTimeout: ("the printer {0} took no more of the label within {1} s: out of paper?", "l'imprimante {0} n'a plus rien pris de l'étiquette en {1} s : plus de papier ?"),
    .cannotWrite: ("cannot write {0}: {1}", "impossible d'écrire {0} : {1}"),
    .noSlipFor: ("no slip: {0}", "pas de bon : {0}"),
    .jobNotPrinted: ("job {0} was not printed: it is no longer waiting (see print queue)", "l'impression {0} n'a pas été faite : elle n'attend plus (voir print queue)"),
    .notLanguage: ("{0}: '{1}' is not fr or en", "{0} : « {1} » n'est ni fr ni en"),
    .keymapName: ("--keymap: '{0}' is not a keymap name or file", "--keymap : « {0} » n'est ni un nom de clavier ni un fichier"),
    .keymapMissing: ("--keymap: no keymap '{0}' (there are: {1}; or give a file)", "--keymap : pas de clavier « {0} » (il y a : {1} ; ou donnez un fichier)"),
    .keymapTooBig: ("{0}: over 64 KiB, not a keymap", "{0} : plus de 64 Kio, ce n'est pas un clavier"),
    .noKeymaps: ("cannot find the Keymaps directory: set VGK_STAFF_KEYMAPS, or give --keymap a file", "impossible de trouver le dossier Keymaps : fixez VGK_STAFF_KEYMAPS, ou donnez un fichier à --keymap"),
    .linkURLEmpty: ("link_url is empty: remove the line or give the connection string", "link_url est vide : supprimez la ligne ou donnez la chaîne de connexion"),
    .linkURLBad: ("link_url: {0}", "link_url : {0}"),
    .linkListen: ("link_listen must be yes or no, not '{0}'", "link_listen vaut yes ou no, pas « {0} »"),
    .linkNotSet: ("link_url is not set in the config: this point has no link (see LINK in vgk-staff(1))", "link_url n'est pas dans la config : ce point n'a pas de liaison (voir LINK dans vgk-staff(1))"),
    .cannotCreate: ("cannot create {0}", "impossible de créer {0}"),
    .noSecretYet: ("{0} has no secret yet: an admin sets the first one", "{0} n'a pas encore de secret : un administrateur fixe le premier"),
    .cannotWriteFile: ("cannot write {0}", "impossible d'écrire {0}"),
  ]
}
