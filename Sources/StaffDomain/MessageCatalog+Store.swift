/// The store's refusals and problems with input: what the rules refuse, what a command cannot use.
extension MessageCode {
  public static let notStaffLogin = MessageCode("store.not_staff_login")
  public static let notStaffLoginImport = MessageCode("store.not_staff_login_import")
  public static let accountDisabled = MessageCode("store.account_disabled")
  public static let accountNotActive = MessageCode("store.account_not_active")
  public static let noOrder = MessageCode("store.no_order")
  public static let noProduct = MessageCode("store.no_product")
  public static let noTransfer = MessageCode("store.no_transfer")
  public static let noPrintJob = MessageCode("store.no_print_job")
  public static let noTicket = MessageCode("store.no_ticket")
  public static let noCount = MessageCode("store.no_count")
  public static let noMovement = MessageCode("store.no_movement")
  public static let theReason = MessageCode("store.the_reason")
  public static let theLocation = MessageCode("store.the_location")
  public static let backupCannotWrite = MessageCode("store.backup_cannot_write")
  public static let countIs = MessageCode("store.count_is")
  public static let transferIs = MessageCode("store.transfer_is")
  public static let backupNoDirectory = MessageCode("store.backup_no_directory")
  public static let backupExists = MessageCode("store.backup_exists")
  public static let backupOverDatabase = MessageCode("store.backup_over_database")
  public static let auditLimit = MessageCode("store.audit_limit")
  public static let auditEntityNeeded = MessageCode("store.audit_entity_needed")
  public static let auditNoRow = MessageCode("store.audit_no_row")
  public static let orderNotLocked = MessageCode("store.order_not_locked")
  public static let shaLength = MessageCode("store.sha_length")
  public static let needsAdmin = MessageCode("store.needs_admin")
  public static let loginExists = MessageCode("store.login_exists")
  public static let adminSelf = MessageCode("store.admin_self")
  public static let secretThrottled = MessageCode("store.secret_throttled")
  public static let pointCode = MessageCode("store.point_code")
  public static let pointName = MessageCode("store.point_name")
  public static let noPoint = MessageCode("store.no_point")
  public static let transferNoSlip = MessageCode("store.transfer_no_slip")
  public static let copiesRange = MessageCode("store.copies_range")
  public static let printJobNotWaiting = MessageCode("store.print_job_not_waiting")
  public static let printJobPrinting = MessageCode("store.print_job_printing")
  public static let slipReprint = MessageCode("store.slip_reprint")
  public static let cannotRead = MessageCode("store.cannot_read")
  public static let notRegularFile = MessageCode("store.not_regular_file")
  public static let importTooBig = MessageCode("store.import_too_big")
  public static let cannotReadDenied = MessageCode("store.cannot_read_denied")
  public static let theSubject = MessageCode("store.the_subject")
  public static let noCustomer = MessageCode("store.no_customer")
  public static let sayCustomer = MessageCode("store.say_customer")
  public static let thePhone = MessageCode("store.the_phone")
  public static let noCustomerPhone = MessageCode("store.no_customer_phone")
  public static let theName = MessageCode("store.the_name")
  public static let messageEmpty = MessageCode("store.message_empty")
  public static let messageTooLong = MessageCode("store.message_too_long")
  public static let messageControl = MessageCode("store.message_control")
  public static let ticketNoPhone = MessageCode("store.ticket_no_phone")
  public static let transitNotMoved = MessageCode("store.transit_not_moved")
  public static let reversalNeedsReason = MessageCode("store.reversal_needs_reason")
  public static let noLocation = MessageCode("store.no_location")
  public static let newLocation = MessageCode("store.new_location")
  public static let productOrCategory = MessageCode("store.product_or_category")
  public static let thresholdRange = MessageCode("store.threshold_range")
  public static let emptyCategory = MessageCode("store.empty_category")
  public static let moveAtLeastOne = MessageCode("store.move_at_least_one")
  public static let moveAtMost = MessageCode("store.move_at_most")
  public static let moveToItself = MessageCode("store.move_to_itself")
  public static let moveNeedsReason = MessageCode("store.move_needs_reason")
  public static let adjustmentNeedsReason = MessageCode("store.adjustment_needs_reason")
  public static let notInCatalogue = MessageCode("store.not_in_catalogue")
  public static let singleItemOne = MessageCode("store.single_item_one")
  public static let singleItemInStock = MessageCode("store.single_item_in_stock")
  public static let stockBelowZero = MessageCode("store.stock_below_zero")
  public static let pinNeedsKey = MessageCode("store.pin_needs_key")
  public static let countNeedsLocation = MessageCode("store.count_needs_location")
  public static let eachLocationOnce = MessageCode("store.each_location_once")
  public static let transitNotCounted = MessageCode("store.transit_not_counted")
  public static let alreadyCounted = MessageCode("store.already_counted")
  public static let taskNotCount = MessageCode("store.task_not_count")
  public static let taskIs = MessageCode("store.task_is")
  public static let countedRange = MessageCode("store.counted_range")
  public static let countCovers = MessageCode("store.count_covers")
  public static let sayWhereCounted = MessageCode("store.say_where_counted")
  public static let singleItemCount = MessageCode("store.single_item_count")
  public static let nothingCounted = MessageCode("store.nothing_counted")
  public static let theDestination = MessageCode("store.the_destination")
  public static let transferNeedsProduct = MessageCode("store.transfer_needs_product")
  public static let eachProductOnce = MessageCode("store.each_product_once")
  public static let transferToSelf = MessageCode("store.transfer_to_self")
  public static let notInStockHere = MessageCode("store.not_in_stock_here")
  public static let inSeveralPlaces = MessageCode("store.in_several_places")
  public static let noSlip = MessageCode("store.no_slip")
  public static let noSlipFrom = MessageCode("store.no_slip_from")
  public static let slipAmbiguous = MessageCode("store.slip_ambiguous")
  public static let transferSentFromHere = MessageCode("store.transfer_sent_from_here")
  public static let transferElsewhere = MessageCode("store.transfer_elsewhere")
  public static let transferReceived = MessageCode("store.transfer_received")
  public static let transferReceivedBy = MessageCode("store.transfer_received_by")
  public static let transferNoProduct = MessageCode("store.transfer_no_product")
  public static let receivedDiffers = MessageCode("store.received_differs")
  public static let receivedNegative = MessageCode("store.received_negative")
  public static let cancelTransferNeedsReason = MessageCode("store.cancel_transfer_needs_reason")
  public static let transferSentBy = MessageCode("store.transfer_sent_by")
  public static let transferNotOnWay = MessageCode("store.transfer_not_on_way")
  public static let storeMissing = MessageCode("store.missing")
  public static let storeAlreadyInitialised = MessageCode("store.already_initialised")
  public static let storeNoDirectory = MessageCode("store.no_directory")
  public static let storeNotWritable = MessageCode("store.not_writable")
  public static let storeNotOurs = MessageCode("store.not_ours")
  public static let storeNewerVersion = MessageCode("store.newer_version")
  public static let storeUnsafeSetting = MessageCode("store.unsafe_setting")
  public static let storeKey = MessageCode("store.key")
  public static let storeSchemaChanged = MessageCode("store.schema_changed")
  public static let storeSchemaChangedMore = MessageCode("store.schema_changed_more")
  public static let storeReadOnly = MessageCode("store.read_only")
}

extension MessageArg {
  /// A state a store row holds (a print job's, a count's, a transfer's), in words: `state("transfer", "sent")`.
  public static func state(_ table: String, _ raw: String) -> MessageArg { .message(Message(MessageCode("state." + table + "." + raw))) }
}

extension MessageCatalog {
  static let store: [MessageCode: Texts] = [
    .notStaffLogin: ("'{0}' is not a staff login of this point", "« {0} » n'est pas un identifiant du personnel de ce point"),
    .notStaffLoginImport: ("'{0}' is not a staff login of this point (import staff first)", "« {0} » n'est pas un identifiant du personnel de ce point (importez d'abord le personnel)"),
    .accountDisabled: ("the staff account {0} is disabled", "le compte {0} est désactivé"),
    .accountNotActive: ("the staff account {0} is not active", "le compte {0} n'est pas actif"),
    .noOrder: ("there is no order {0}", "il n'y a pas de commande {0}"),
    .noProduct: ("there is no product {0}", "il n'y a pas de produit {0}"),
    .noTransfer: ("there is no transfer {0}", "il n'y a pas de transfert {0}"),
    .noPrintJob: ("there is no print job {0}", "il n'y a pas d'impression {0}"),
    .noTicket: ("there is no ticket {0}", "il n'y a pas de ticket {0}"),
    .noCount: ("there is no count {0}", "il n'y a pas d'inventaire {0}"),
    .noMovement: ("there is no movement {0}", "il n'y a pas de mouvement {0}"),
    .theReason: ("the reason {0}", "le motif {0}"),
    .theLocation: ("the location '{0}' {1}", "l'emplacement « {0} » {1}"),
    .backupCannotWrite: ("cannot write the backup {0}: {1}", "impossible d'écrire la sauvegarde {0} : {1}"),
    .countIs: ("count {0} is {1}", "l'inventaire {0} est {1}"),
    .transferIs: ("transfer {0} is {1}", "le transfert {0} est {1}"),
    .backupNoDirectory: ("cannot write the backup {0}: the directory {1} does not exist (create it first, or choose another path)", "impossible d'écrire la sauvegarde {0} : le dossier {1} n'existe pas (créez-le d'abord, ou choisissez un autre chemin)"),
    .backupExists: ("{0} already exists; pass --force to replace it", "{0} existe déjà ; ajoutez --force pour le remplacer"),
    .backupOverDatabase: ("the backup cannot replace the database itself", "la sauvegarde ne peut pas remplacer la base elle-même"),
    .auditLimit: ("the limit must be from 1 to {0}", "la limite va de 1 à {0}"),
    .auditEntityNeeded: ("an entity id needs its entity (such as order, task, ticket)", "un identifiant d'entité demande son entité (comme `order`, `task` ou `ticket`)"),
    .auditNoRow: ("there is no audit row {0} to page before", "il n'y a pas de ligne d'audit {0} avant laquelle paginer"),
    .orderNotLocked: ("order {0} is not locked; nothing changed", "la commande {0} n'est pas bloquée ; rien n'a changé"),
    .shaLength: ("a content SHA-256 is 32 bytes, not {0}", "une empreinte SHA-256 fait 32 octets, pas {0}"),
    .needsAdmin: ("this needs an admin: pass --staff ADMIN (an admin with a password)", "il faut un administrateur : passez --staff ADMIN (un administrateur avec un mot de passe)"),
    .loginExists: ("{0} is already a staff login of this point", "{0} est déjà un identifiant du personnel de ce point"),
    .adminSelf: ("admins do not change their own role or disable themselves: ask another admin", "un administrateur ne change pas son propre rôle et ne se désactive pas : demandez à un autre administrateur"),
    .secretThrottled: ("{0}'s secret was set {1} {1|time|times} in the last hour (at most {2}): try again at {3}", "le secret de {0} a été changé {1} fois dans la dernière heure (au plus {2}) : réessayez à {3}"),
    .pointCode: ("--point {0} (e.g. DLA-AKWA)", "--point {0} (par exemple DLA-AKWA)"),
    .pointName: ("--name {0}", "--name {0}"),
    .noPoint: ("this database has no pickup point yet: run `vgk-staff init --point CODE --name NAME`", "cette base n'a pas encore de point de retrait : lancez `vgk-staff init --point CODE --name NAME`"),
    .transferNoSlip: ("transfer {0} has no slip (it was announced here)", "le transfert {0} n'a pas de bordereau (il a été annoncé ici)"),
    .copiesRange: ("copies are 1 to 20, not {0}", "de 1 à 20 exemplaires, pas {0}"),
    .printJobNotWaiting: ("print job {0} is {1}: only a job waiting to print can be cancelled", "l'impression {0} est {1} : seule une impression en attente peut être annulée"),
    .printJobPrinting: ("print job {0} is being printed now", "l'impression {0} est en cours"),
    .slipReprint: ("a pickup slip is printed again only from its code: vgk-staff label order {0} --print (the code on standard input)", "un bon de retrait ne se réimprime qu'à partir de son code : `vgk-staff label order {0} --print` (le code sur l'entrée standard)"),
    .cannotRead: ("cannot read {0}: {1}", "impossible de lire {0} : {1}"),
    .notRegularFile: ("{0} is not a regular file", "{0} n'est pas un fichier ordinaire"),
    .importTooBig: ("{0} is {1} {1|byte|bytes}; import files are limited to {2} {2|byte|bytes}", "{0} fait {1} {1|octet|octets} ; un fichier d'import est limité à {2} {2|octet|octets}"),
    .cannotReadDenied: ("cannot read {0}: permission denied", "impossible de lire {0} : permission refusée"),
    .theSubject: ("the subject {0}", "l'objet {0}"),
    .noCustomer: ("there is no customer {0}", "il n'y a pas de client {0}"),
    .sayCustomer: ("say who the customer is: a customer id, or a phone number", "dites qui est le client : un numéro de client, ou un numéro de téléphone"),
    .thePhone: ("the phone number {0}", "le numéro de téléphone {0}"),
    .noCustomerPhone: ("no customer has the phone {0}: give their name to record them", "aucun client n'a le numéro {0} : donnez son nom pour l'enregistrer"),
    .theName: ("the name {0}", "le nom {0}"),
    .messageEmpty: ("the message is empty", "le message est vide"),
    .messageTooLong: ("the message is longer than 4000 characters", "le message dépasse 4000 caractères"),
    .messageControl: ("the message contains a control character", "le message contient un caractère de contrôle"),
    .ticketNoPhone: ("the customer of ticket {0} left no phone number", "le client du ticket {0} n'a pas laissé de numéro"),
    .transitNotMoved: ("TRANSIT holds transfers on their way: send, receive or cancel a transfer instead", "TRANSIT contient les transferts en route : envoyez, recevez ou annulez plutôt un transfert"),
    .reversalNeedsReason: ("a reversal needs a reason", "une annulation demande un motif"),
    .noLocation: ("this point has no location {0}", "ce point n'a pas d'emplacement {0}"),
    .newLocation: ("{0} is a new location: this point has never used it (check the code, or say it is new)", "{0} est un nouvel emplacement : ce point ne l'a jamais utilisé (vérifiez le code, ou dites qu'il est nouveau)"),
    .productOrCategory: ("give a product or a category", "donnez un produit ou une catégorie"),
    .thresholdRange: ("a threshold is from 0 to 100000, not {0}", "un seuil va de 0 à 100000, pas {0}"),
    .emptyCategory: ("no product is in the category '{0}'", "aucun produit n'est dans la catégorie « {0} »"),
    .moveAtLeastOne: ("a movement moves at least 1 unit", "un mouvement déplace au moins 1 unité"),
    .moveAtMost: ("a movement moves at most {0} {0|unit|units}, not {1}", "un mouvement déplace au plus {0} {0|unité|unités}, pas {1}"),
    .moveToItself: ("a movement cannot go from a location to itself", "un mouvement ne peut pas aller d'un emplacement vers lui-même"),
    .moveNeedsReason: ("a {0} movement needs a reason", "un mouvement {0} demande un motif"),
    .adjustmentNeedsReason: ("an ADJUSTMENT movement needs a reason", "un mouvement ADJUSTMENT demande un motif"),
    .notInCatalogue: ("product {0} is not in the catalogue (import products first)", "le produit {0} n'est pas au catalogue (importez d'abord les produits)"),
    .singleItemOne: ("product {0} is a single item: it moves one at a time, not {1}", "le produit {0} est un article unique : il se déplace un par un, pas {1}"),
    .singleItemInStock: ("product {0} is a single item and is already in stock at {1}", "le produit {0} est un article unique et il est déjà en stock en {1}"),
    .stockBelowZero: ("only {0} of product {1} at {2}: cannot take {3} (stock never goes below zero)", "il n'y a que {0} du produit {1} en {2} : impossible d'en retirer {3} (le stock ne descend jamais sous zéro)"),
    .pinNeedsKey: ("this terminal has no terminal key, so it cannot set a PIN (use a password, or set the PIN at the counter)", "ce poste n'a pas de clé de poste : il ne peut donc pas fixer de code PIN (utilisez un mot de passe, ou fixez le code PIN au comptoir)"),
    .countNeedsLocation: ("a count needs at least one location", "un inventaire demande au moins un emplacement"),
    .eachLocationOnce: ("each location once", "chaque emplacement une seule fois"),
    .transitNotCounted: ("{0} holds transfers on their way: it is not counted (receive or cancel them instead)", "{0} contient les transferts en route : il ne se compte pas (recevez-les ou annulez-les plutôt)"),
    .alreadyCounted: ("{0} is already being counted (count {1})", "{0} est déjà en cours d'inventaire (inventaire {1})"),
    .taskNotCount: ("task {0} is a {1} task, not INVENTORY_COUNT", "la tâche {0} est de type {1}, pas INVENTORY_COUNT"),
    .taskIs: ("task {0} is {1}", "la tâche {0} est {1}"),
    .countedRange: ("a counted quantity is from 0 to {0}, not {1}", "une quantité comptée va de 0 à {0}, pas {1}"),
    .countCovers: ("count {0} covers {1}, not {2}", "l'inventaire {0} couvre {1}, pas {2}"),
    .sayWhereCounted: ("say where product {0} was counted: one of {1}", "dites où le produit {0} a été compté : parmi {1}"),
    .singleItemCount: ("product {0} is a single item: it is there (1) or not (0), not {1}", "le produit {0} est un article unique : il est là (1) ou non (0), pas {1}"),
    .nothingCounted: ("nothing was counted in count {0}: closing it writes off {1} {1|unit|units} of {2} {2|product|products}; confirm that nothing is there", "rien n'a été compté dans l'inventaire {0} : le clore sort {1} {1|unité|unités} de {2} {2|produit|produits} du stock ; confirmez qu'il n'y a rien"),
    .theDestination: ("the destination point {0}", "le point de destination {0}"),
    .transferNeedsProduct: ("a transfer needs at least one product", "un transfert demande au moins un produit"),
    .eachProductOnce: ("each product once per transfer", "chaque produit une seule fois par transfert"),
    .transferToSelf: ("a transfer goes to another point, not to {0} itself", "un transfert va vers un autre point, pas vers {0} lui-même"),
    .notInStockHere: ("product {0} is not in stock here", "le produit {0} n'est pas en stock ici"),
    .inSeveralPlaces: ("product {0} is in {1} {1|place|places}: say which (PRODUCT@LOCATION)", "le produit {0} est à {1} {1|endroit|endroits} : dites lequel (PRODUCT@LOCATION)"),
    .noSlip: ("no transfer here has the slip INVENTORY:{0} (import the transfer's announcement first: vgk-staff import transfers FILE)", "aucun transfert ici n'a le bordereau INVENTORY:{0} (importez d'abord l'annonce du transfert : vgk-staff import transfers FICHIER)"),
    .noSlipFrom: ("no transfer here has the slip INVENTORY:{0} from {1} (import the transfer's announcement first: vgk-staff import transfers FILE)", "aucun transfert ici n'a le bordereau INVENTORY:{0} venant de {1} (importez d'abord l'annonce du transfert : vgk-staff import transfers FICHIER)"),
    .slipAmbiguous: ("the slip INVENTORY:{0} matches transfers from {1}: say which with --from POINT", "le bordereau INVENTORY:{0} correspond à des transferts de {1} : précisez lequel avec --from POINT"),
    .transferSentFromHere: ("transfer {0} was sent from here to {1}: it is received there", "le transfert {0} est parti d'ici vers {1} : c'est là-bas qu'il se reçoit"),
    .transferElsewhere: ("transfer {0} from {1} goes to {2}, not to {3}: send it on there", "le transfert {0} venant de {1} va vers {2}, pas vers {3} : faites-le suivre"),
    .transferReceived: ("transfer {0} was already received on {1}", "le transfert {0} a déjà été reçu le {1}"),
    .transferReceivedBy: ("transfer {0} was already received on {1} by {2}", "le transfert {0} a déjà été reçu le {1} par {2}"),
    .transferNoProduct: ("transfer {0} has no product {1}", "le transfert {0} n'a pas de produit {1}"),
    .receivedDiffers: ("what was received differs from what was sent: give the reason (--reason)", "ce qui a été reçu diffère de ce qui a été envoyé : donnez le motif (--reason)"),
    .receivedNegative: ("a received quantity cannot be negative", "une quantité reçue ne peut pas être négative"),
    .cancelTransferNeedsReason: ("cancelling a transfer needs a reason", "annuler un transfert demande un motif"),
    .transferSentBy: ("transfer {0} was sent by {1}: only it can cancel it", "le transfert {0} a été envoyé par {1} : lui seul peut l'annuler"),
    .transferNotOnWay: ("transfer {0} is {1}: only a transfer on its way can be cancelled", "le transfert {0} est {1} : seul un transfert en route peut être annulé"),
    .storeMissing: ("no database at {0}: create one with `vgk-staff init --point CODE --name NAME` (or pass --db PATH)", "pas de base en {0} : créez-en une avec `vgk-staff init --point CODE --name NAME` (ou passez --db CHEMIN)"),
    .storeAlreadyInitialised: ("{0} already holds pickup point {1}; nothing was changed", "{0} contient déjà le point de retrait {1} ; rien n'a changé"),
    .storeNoDirectory: ("the directory {0} does not exist: create it first or choose another --db path", "le dossier {0} n'existe pas : créez-le d'abord ou choisissez un autre chemin --db"),
    .storeNotWritable: ("cannot write {0}: {1}", "impossible d'écrire {0} : {1}"),
    .storeNotOurs: ("{0} is not a VGK Staff database ({1})", "{0} n'est pas une base de vgk-staff ({1})"),
    .storeNewerVersion: ("{0} was made by a newer version of vgk-staff (unknown migrations: {1}); upgrade this program before opening it", "{0} a été faite par une version plus récente de vgk-staff (migrations inconnues : {1}) ; mettez ce programme à jour avant de l'ouvrir"),
    .storeUnsafeSetting: ("the database refused a safety setting: {0}", "la base a refusé un réglage de sûreté : {0}"),
    .storeKey: ("{0}", "{0}"),
    .storeSchemaChanged: ("{0} was changed outside the program, so nothing is written to it: {1}; run `vgk-staff db check` for the whole list, then restore the database from a backup", "{0} a été modifiée hors du programme, rien n'y est donc écrit : {1} ; lancez `vgk-staff db check` pour la liste complète, puis restaurez la base depuis une sauvegarde"),
    .storeSchemaChangedMore: ("{0} was changed outside the program, so nothing is written to it: {1} (and {2} more); run `vgk-staff db check` for the whole list, then restore the database from a backup", "{0} a été modifiée hors du programme, rien n'y est donc écrit : {1} (et {2} de plus) ; lancez `vgk-staff db check` pour la liste complète, puis restaurez la base depuis une sauvegarde"),
    .storeReadOnly: ("{0} is read-only for this account: nothing can be changed from here (the console of a supervisor over SSH reads only)", "{0} est en lecture seule pour ce compte : rien ne peut être changé d'ici (la console d'un superviseur par SSH ne fait que lire)"),
    MessageCode("state.print.pending"): ("pending", "en attente"),
    MessageCode("state.print.printing"): ("printing", "en cours d'impression"),
    MessageCode("state.print.interrupted"): ("interrupted", "interrompue"),
    MessageCode("state.print.printed"): ("printed", "imprimée"),
    MessageCode("state.print.cancelled"): ("cancelled", "annulée"),
    MessageCode("state.count.open"): ("open", "ouvert"),
    MessageCode("state.count.closed"): ("closed", "clos"),
    MessageCode("state.count.cancelled"): ("cancelled", "annulé"),
    MessageCode("state.transfer.sent"): ("sent", "envoyé"),
    MessageCode("state.transfer.received"): ("received", "reçu"),
    MessageCode("state.transfer.cancelled"): ("cancelled", "annulé"),
  ]
}
