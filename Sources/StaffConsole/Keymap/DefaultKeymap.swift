extension Keymap {
  /// Keymaps/default.keymap, built in so the console works wherever it is installed (a test
  /// checks the two are the same text).
  public static let defaultText = """
# VGK Staff Console: the default key bindings. Format and actions: vgk-staff-keymap(5).
#   bind <pane|global> <key> <action>
# A pane's binding wins over a global one. Every other keymap is read on top of this one.

# Anywhere
bind global q quit
bind global F10 quit
bind global L logout
bind global F12 logout
bind global ? help
bind global F1 help
bind global 1 tab-scans
bind global 2 tab-tasks
bind global 3 tab-stock
bind global 4 tab-tickets
bind global 5 tab-team
bind global F2 tab-scans
bind global F3 tab-tasks
bind global F4 tab-stock
bind global F5 tab-tickets
bind global F6 tab-team
bind global Tab next-tab
bind global BackTab previous-tab
bind global Up move-up
bind global Down move-down
bind global PageUp page-up
bind global PageDown page-down
bind global Home first
bind global End last
bind global Enter open
bind global Esc back
bind global / filter

# The scan queue
bind scans s scan-input
bind scans y confirm
bind scans n decline
bind scans r reject
bind scans u order-unlock

# The task board
bind tasks a task-add
bind tasks s task-start
bind tasks w task-wait
bind tasks r task-resume
bind tasks d task-done
bind tasks x task-cancel
bind tasks m task-take
bind tasks A task-assign
bind tasks p task-priority
bind tasks t filter-type
bind tasks u filter-assignee
bind tasks f filter-state
bind tasks y confirm
bind tasks n decline

# The stock
bind stock v stock-view
bind stock m stock-move
bind stock R stock-reverse
bind stock T transfer-send
bind stock V transfer-receive
bind stock c count-open
bind stock + count-add
bind stock C count-close
bind stock l label-print
bind stock y confirm
bind stock n decline

# The tickets
bind tickets r ticket-reply
bind tickets w ticket-ask
bind tickets i ticket-in
bind tickets N ticket-note
bind tickets v ticket-resolve
bind tickets c ticket-close
bind tickets o ticket-reopen
bind tickets m ticket-take
bind tickets A ticket-assign
bind tickets P ticket-reveal
bind tickets a ticket-open
bind tickets y confirm
bind tickets n decline

# The team
bind team v audit-view
bind team b audit-by
bind team a audit-action
bind team U staff-unlock

# The help screen
bind help q back
"""
}
