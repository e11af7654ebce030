/// What `vgk-staff link sync` and `link status` print, in the reader's language.
extension MessageCode {
  /// {0} events sent, {1} feed records applied, {2} the feed's cursor.
  public static let linkOutSynced = MessageCode("link_out.synced")
  /// {0} events sent, {1} feed records applied, {2} records in conflict, {3} the feed's cursor.
  public static let linkOutSyncedConflicts = MessageCode("link_out.synced_conflicts")
  /// {0} events the centre refused.
  public static let linkOutRefused = MessageCode("link_out.refused")
  /// {0} the connection string (password masked), or `linkOutNotConfigured`.
  public static let linkOutLink = MessageCode("link_out.link")
  public static let linkOutNotConfigured = MessageCode("link_out.not_configured")
  /// {0} the state's words.
  public static let linkOutState = MessageCode("link_out.state")
  public static let linkOutOff = MessageCode("link_out.off")
  /// {0} since when.
  public static let linkOutDownSince = MessageCode("link_out.down_since")
  public static let linkOutNeverConnected = MessageCode("link_out.never_connected")
  public static let linkOutUp = MessageCode("link_out.up")
  /// {0} events waiting.
  public static let linkOutWaiting = MessageCode("link_out.waiting")
  /// {0} events waiting, {1} the oldest one's time.
  public static let linkOutWaitingOldest = MessageCode("link_out.waiting_oldest")
  /// {0} when, or `linkOutNever`.
  public static let linkOutLastContact = MessageCode("link_out.last_contact")
  public static let linkOutNever = MessageCode("link_out.never")
  /// {0} the feed's cursor.
  public static let linkOutCursor = MessageCode("link_out.cursor")
  /// {0} the centre's or the network's words, as they came.
  public static let linkOutLastError = MessageCode("link_out.last_error")
}

extension MessageCatalog {
  static let linkOutput: [MessageCode: Texts] = [
    .linkOutSynced: (
      "Sent {0} {0|event|events}, applied {1} feed {1|record|records}; feed at {2}.",
      "{0} {0|événement envoyé|événements envoyés}, {1} {1|enregistrement|enregistrements} du flux {1|appliqué|appliqués} ; flux à {2}."
    ),
    .linkOutSyncedConflicts: (
      "Sent {0} {0|event|events}, applied {1} feed {1|record|records} ({2} in conflict: see the task board); feed at {3}.",
      "{0} {0|événement envoyé|événements envoyés}, {1} {1|enregistrement|enregistrements} du flux {1|appliqué|appliqués} ({2} en conflit : voir les tâches) ; flux à {3}."
    ),
    .linkOutRefused: (
      "the centre refused {0} {0|event|events}; they stay waiting (link status shows why)",
      "le centre a refusé {0} {0|événement|événements} ; {0|il reste|ils restent} en attente (`vgk-staff link status` dit pourquoi)"
    ),
    .linkOutLink: ("Link:          {0}", "Liaison :      {0}"),
    .linkOutNotConfigured: ("not configured (link_url is not set)", "non configurée (link_url n'est pas fixé)"),
    .linkOutState: ("State:         {0}", "État :        {0}"),
    .linkOutOff: ("off", "éteinte"),
    .linkOutDownSince: ("down since {0}", "coupée depuis {0}"),
    .linkOutNeverConnected: ("never connected", "jamais connectée"),
    .linkOutUp: ("up", "établie"),
    .linkOutWaiting: ("Waiting:       {0} {0|event|events}", "En attente :  {0} {0|événement|événements}"),
    .linkOutWaitingOldest: (
      "Waiting:       {0} {0|event|events}, the oldest from {1}", "En attente :  {0} {0|événement|événements}, le plus ancien du {1}"
    ),
    .linkOutLastContact: ("Last contact:  {0}", "Dernier contact : {0}"),
    .linkOutNever: ("never", "jamais"),
    .linkOutCursor: ("Feed cursor:   {0}", "Curseur du flux : {0}"),
    .linkOutLastError: ("Last error:    {0}", "Dernière erreur : {0}"),
  ]
}
