import StaffDomain
import Testing

/// The titles of tasks the program makes, and the audit trail's words.
@Suite struct TaskTitleTests {
  @Test func everyTitleMessageRendersInBothLanguages() {
    for m in TaskTitle.samples {
      #expect(m.isTranslated, "\(m.code)")
      let en = m.text(.en), fr = m.text(.fr)
      for text in [en, fr] {
        #expect(!text.contains("{") && !text.contains("}") && !text.contains(m.code.rawValue), "\(text)")
      }
      #expect(en != fr || m.code == .taskTicket, "\(m.code) has French words: \(fr)")
      // French spacing: never an ordinary space, always a no-break one, before `: ; ? !`.
      for sign in [":", ";", "?", "!"] { #expect(!fr.contains(" " + sign), "\(fr)") }
      #expect(!fr.contains(" : ") || fr.contains("\u{00A0}:"))
    }
  }

  @Test func frenchWordsAgreeWithTheirNumber() {
    #expect(TaskTitle.receiveOrder(1, items: 1).text(.fr) == "Réceptionner la commande 1 (1 article)")
    #expect(TaskTitle.receiveOrder(1, items: 2).text(.fr) == "Réceptionner la commande 1 (2 articles)")
    #expect(TaskTitle.receiveOrder(1, items: 0).text(.fr) == "Réceptionner la commande 1 (0 article)")
    #expect(TaskTitle.receiveOrder(1, items: 0).text(.en) == "Receive order 1 (0 items)")
    #expect(TaskTitle.receiveOrder(1, items: 1).text(.en) == "Receive order 1 (1 item)")
    #expect(TaskTitle.receiveOrder(1, items: 12_000).text(.fr) == "Réceptionner la commande 1 (12\u{202F}000 articles)")
    #expect(TaskTitle.receiveTransfer(4, from: "DLA-BALI", items: 1).text(.fr) == "Réceptionner le transfert 4 venant de DLA-BALI (1 article)")
    #expect(TaskTitle.count("Radio", left: 1, threshold: 5).text(.fr) == "Compter Radio\u{00A0}: 1 restant (seuil 5)")
    #expect(TaskTitle.count("Radio", left: 3, threshold: 5).text(.fr) == "Compter Radio\u{00A0}: 3 restants (seuil 5)")
  }

  /// The English words are those the title column always held (old readers and `--json` read them).
  @Test func theEnglishTitlesAreWordForWordAsBefore() {
    #expect(TaskTitle.handOver(1_040_005, shelf: "C-04-2").text(.en) == "Hand over order 1040005 (shelf C-04-2)")
    #expect(TaskTitle.handOver(1_040_005, shelf: nil).text(.en) == "Hand over order 1040005")
    #expect(TaskTitle.count("Radio", left: 3, threshold: 5).text(.en) == "Count Radio: 3 left (threshold 5)")
    #expect(TaskTitle.ticket(7, subject: "Colis abîmé").text(.en) == "Ticket 7: Colis abîmé")
    #expect(TaskTitle.returnToSeller(9, cancelled: false, shelf: nil).text(.en) == "Return order 9 to the seller: marked returned by the marketplace")
    let t = Timestamp(seconds: 1_795_681_800)  // 2026-11-26 09:30 in Douala
    #expect(TaskTitle.returnExpired(9, holdUntil: t, shelf: "A-1").text(.en) == "Return order 9 to the seller: not collected by 2026-11-26 09:30 (shelf A-1)")
    #expect(TaskTitle.returnExpired(9, holdUntil: t, shelf: "A-1").text(.fr) == "Renvoyer la commande 9 au vendeur\u{00A0}: non retirée avant le 26/11/2026 09:30 (étagère A-1)")
  }

  /// What people typed (a product's title, a ticket's subject) goes in as it is: no French spacing
  /// added inside it, cut to keep the title within 120 characters.
  @Test func typedTextInsideATitleIsKeptAndCut() {
    #expect(TaskTitle.ticket(7, subject: "Où est mon colis? Urgent: merci").text(.fr) == "Ticket 7\u{00A0}: Où est mon colis? Urgent: merci")
    let long = String(repeating: "é", count: 500)
    #expect(TaskTitle.ticket(7, subject: long).text(.fr).count <= 120)
    #expect(TaskTitle.count(long, left: 1, threshold: 2).text(.fr).count <= 120)
    #expect(TaskTitle.ticket(7, subject: "{0} {1|a|b} \u{1B}[2J").text(.en) == "Ticket 7: {0} {1|a|b} \u{1B}[2J", "a brace in an argument is not a placeholder")
  }

  @Test func theRulesAreNamedBySourceKey() {
    #expect(TaskTitle.source("order-pickup:1042")?.text(.fr) == "règle\u{00A0}: commande au point (1042)")
    #expect(TaskTitle.source("schedule:cleaning:1763625600")?.text(.en) == "schedule cleaning:1763625600")
    for key in ["", ":", "order-pickup", "nonsense:1", "ORDER-PICKUP:1", "order-pickup\u{0}:1"] {
      #expect(TaskTitle.source(key) == nil, "\(key)")
    }
    #expect(TaskTitle.source("ticket:")?.text(.fr) == "règle\u{00A0}: ticket à traiter ()")
  }

  /// The rules' cancel reasons are recognised; a typed one (even one that looks like them) is kept.
  @Test func theRulesCancelReasonsInWords() {
    #expect(TaskTitle.reason("the order was cancelled", .fr) == "la commande a été annulée")
    #expect(TaskTitle.reason("the order was returned", .fr) == "la commande a été retournée")
    #expect(TaskTitle.reason("the transfer was cancelled", .fr) == "le transfert a été annulé")
    #expect(TaskTitle.reason("order returned: not collected by 2026-11-22 09:00", .fr)
      == "commande retournée\u{00A0}: non retirée avant le 22/11/2026 09:00")
    #expect(TaskTitle.reason("order returned: not collected by 2026-11-22 09:00", .en) == "order returned: not collected by 2026-11-22 09:00")
    for typed in ["Livreur absent", "the order was lost", "order returned: not collected by tomorrow",
                  "order returned: not collected by 2026-13-45 99:99", ""] {
      #expect(TaskTitle.reason(typed, .fr) == typed)
    }
  }

  @Test func aRecordShowsItsMessageElseItsStoredTitle() {
    var t = TaskRecord(id: 1, type: .orderPickup, priority: .medium, status: .open, title: "Hand over order 5", assignee: nil,
      createdAt: Timestamp(seconds: 0), slaSeconds: 60)
    #expect(t.title(.fr) == "Hand over order 5", "no message: as stored")
    t.titleMessage = TaskTitle.handOver(5, shelf: nil)
    #expect(t.title(.fr) == "Remettre la commande 5")
    t.titleMessage = Message(MessageCode("task.unknown_to_this_build"), .id(5))
    #expect(t.title(.fr) == "Hand over order 5", "a code this build does not know: the stored English")
    t.titleMessage = Message(.taskHandOver, .message(Message(MessageCode("nope"))))
    #expect(t.title(.fr) == "Hand over order 5", "nor one inside it")
  }
}

@Suite struct AuditWordsTests {
  @Test func actionsAndSubjectsInBothLanguages() {
    #expect(AuditWords.action("order.handed_over", .fr) == "commande remise")
    #expect(AuditWords.action("order.handed_over", .en) == "order handed over")
    #expect(AuditWords.action("made.up", .fr) == "made.up", "an unknown action as it is")
    #expect(AuditWords.subject(entity: "order", id: "1040005", .fr) == "commande 1040005")
    #expect(AuditWords.subject(entity: "print_job", id: "3", .fr) == "impression 3")
    #expect(AuditWords.subject(entity: "odd", id: nil, .fr) == "odd")
    #expect(AuditWords.subject(entity: nil, id: nil, .fr) == "")
    for (key, w) in Words.auditActions {
      #expect(!w.en.isEmpty && !w.fr.isEmpty && w.fr.count <= 32 && w.en.count <= 32, "\(key)")
    }
  }

  @Test func theVocabulariesInAChangeAreTranslatedByFamily() {
    #expect(AuditWords.change("ready", action: "order.handed_over", .fr) == "prête")
    #expect(AuditWords.change("picked_up scan=12 movements=903,904", action: "order.handed_over", .fr) == "remise scan 12 mouvements 903,904")
    #expect(AuditWords.change("open", action: "task.start", .fr) == "ouverte")
    #expect(AuditWords.change("open", action: "ticket.status", .fr) == "ouvert", "a ticket is masculine")
    #expect(
      AuditWords.change("in_progress HIGH sla=28800 paused=300 assignee=amina.n", action: "task.start", .fr)
        == "en cours haute délai 8\u{00A0}h\u{00A0}00\u{00A0}min en pause 5\u{00A0}min attribuée à amina.n")
    #expect(
      AuditWords.change("ORDER_PICKUP MEDIUM waiting source=order-pickup:5008", action: "task.created", .fr)
        == "retrait moyenne en attente règle\u{00A0}: commande au point (5008)")
    #expect(AuditWords.change("done HIGH sla=60 paused=0 (order picked up)", action: "task.done", .fr).hasSuffix("(commande remise)"))
    #expect(AuditWords.change("cancelled MEDIUM sla=60 paused=0 reason=Livreur absent, reporté", action: "task.cancel", .fr)
      == "annulée moyenne délai 1\u{00A0}min en pause 0\u{00A0}min motif\u{00A0}: Livreur absent, reporté")
    #expect(AuditWords.change("failed=3 lifetime=4 locked_until=2026-11-26T09:45:00+01:00", action: "order.locked", .fr)
      == "échecs 3 en tout 4 bloquée jusqu'au 26/11/2026 09:45")
    #expect(AuditWords.change("clerk active", action: "staff.changed", .fr) == "agent actif")
    #expect(AuditWords.change("RECEIVE 100001 x2 ->A-01-1", action: "stock.move", .fr) == "réception 100001 x2 ->A-01-1")
    #expect(AuditWords.change("wrong_person", action: "order.handover_refused", .fr) == "pas l'acheteur")
  }

  /// Whatever a row holds, the words come back whole: nothing lost, nothing invented, no crash.
  @Test func oddTextsComeBackAsTheyAre() {
    let odd = [
      "", " ", "  two  spaces  ", "=", "==", "sla=", "sla=abc", "sla=-99999999999999999999", "paused=9223372036854775807",
      "(", ")", "(order", "(unknown words)", "reason=", "reason", "2026-13-45T99:99:99+01:00", "\u{1B}[2J", "ORDER:1:ABCDEF",
      "x=y=z", "locked_until=garbage", String(repeating: "open ", count: 10_000), "👨‍👩‍👧 open", "e\u{301}",
    ]
    for text in odd {
      for language in Language.allCases {
        let out = AuditWords.change(text, action: "task.start", language)
        #expect(out.count <= text.count * 3 + 40)
        if !text.contains("open") && !text.contains("=") && !text.contains("reason") {
          #expect(out == text, "\(text) → \(out)")
        }
      }
    }
    #expect(AuditWords.change("paused=9223372036854775807", action: "task.start", .fr).hasPrefix("en pause "))
  }
}
