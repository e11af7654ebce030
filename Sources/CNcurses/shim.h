// ncursesw for Swift. SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so wide-character
// declarations (get_wch, wint_t, cchar_t) must be switched on here, before the header.
#ifndef VGK_CNCURSES_SHIM_H
#define VGK_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <string.h>
#include <sys/ioctl.h>
#include <ncursesw/curses.h>

/// `COLOR_PAIR` is a macro: Swift cannot call it.
static inline int vgk_color_pair(int n) { return COLOR_PAIR(n); }
/// `A_*` attributes are macros: Swift cannot see them.
static inline int vgk_attr_bold(void) { return (int)A_BOLD; }
static inline int vgk_attr_reverse(void) { return (int)A_REVERSE; }
static inline int vgk_attr_underline(void) { return (int)A_UNDERLINE; }
static inline int vgk_attr_dim(void) { return (int)A_DIM; }
/// `getmaxyx` is a macro that assigns to its arguments.
static inline void vgk_getmaxyx(WINDOW *w, int *rows, int *cols) {
  int y, x; getmaxyx(w, y, x); *rows = y; *cols = x;
}
/// `stdscr` is a mutable global: Swift 6 rejects reading it ("not concurrency-safe").
static inline WINDOW *vgk_stdscr(void) { return stdscr; }
/// `KEY_RESIZE` is a macro.
static inline int vgk_key_resize(void) { return KEY_RESIZE; }
/// `setlocale` needs the `LC_ALL` macro; ncurses needs it called before `newterm`. When the
/// environment names a locale this machine does not have (`fr_FR.UTF-8` is often not generated),
/// or the plain C locale (an SSH session without LANG), characters take C.UTF-8's encoding so
/// that `é` reaches a UTF-8 terminal as `é`; a real non-UTF-8 locale (KOI8-R…) is kept.
/// Returns 1 when C.UTF-8 was taken instead.
static inline int vgk_setlocale_from_env(void) {
  const char *chosen = setlocale(LC_ALL, "");
  const char *ctype = setlocale(LC_CTYPE, NULL);
  if (chosen == NULL || ctype == NULL || strcmp(ctype, "C") == 0 || strcmp(ctype, "POSIX") == 0) {
    if (setlocale(LC_CTYPE, "C.UTF-8") != NULL) return 1;
  }
  return 0;
}
/// `stdin` and `stdout` are mutable C globals that Swift 6 refuses to read; `newterm` needs both.
static inline SCREEN *vgk_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }
/// `A_ATTRIBUTES` and `A_CHARTEXT` are macros; reading a cell's attributes needs them.
static inline int vgk_cell_attributes(WINDOW *w, int y, int x) {
  return (int)(mvwinch(w, y, x) & A_ATTRIBUTES & ~A_COLOR);
}
/// `mvwinnwstr` is a macro over winnwstr on some builds; wrapped so Swift sees one function.
static inline int vgk_read_row(WINDOW *w, int y, wchar_t *buffer, int n) {
  return mvwinnwstr(w, y, 0, buffer, n);
}
/// `cchar_t` holds a character's code points in a fixed C array that Swift sees as a tuple: a
/// cluster (a base and its combining marks) goes in as a string, with the window's attributes.
static inline int vgk_add_cluster(WINDOW *w, int y, int x, const wchar_t *cluster) {
  cchar_t c;
  if (setcchar(&c, cluster, 0, 0, NULL) != OK) return ERR;
  return mvwadd_wch(w, y, x, &c);
}
/// `wcwidth` is declared only under `_XOPEN_SOURCE`, which SwiftPM drops; ncurses measures
/// characters with it, and the adapter must know when ncurses and a terminal could disagree.
int wcwidth(wchar_t c);
static inline int vgk_wcwidth(wchar_t c) { return wcwidth(c); }
/// A terminfo string, NULL when the terminal has none (tigetstr's -1 for "not a string" too).
static inline const char *vgk_capability(const char *name) {
  const char *s = tigetstr(name);
  return s == (char *)-1 ? NULL : s;
}
/// `tiparm` is variadic, and `PAIR_NUMBER` and the `A_*` bits are macros. Writes `text` at
/// (y, x) with `attrs` straight to `out`, past ncurses' drawing (ncurses' own mvcur and putp
/// write to standard output whatever the screen's stream): terminfo's absolute cursor move, its
/// attributes and colours, the text, then normal attributes again, as ncurses leaves them after
/// a refresh. Terminfo padding is not honoured here (no terminal with emoji needs it).
static inline int vgk_write_at(FILE *out, int y, int x, int attrs, const char *text) {
  const char *cup = vgk_capability("cup");
  if (cup == NULL) return ERR;
  fputs(tiparm(cup, y, x), out);
  const char *sgr = vgk_capability("sgr"), *sgr0 = vgk_capability("sgr0");
  if ((attrs & A_ATTRIBUTES & ~A_COLOR) != 0 && sgr != NULL) {
    fputs(tiparm(sgr, 0, (attrs & A_UNDERLINE) != 0, (attrs & A_REVERSE) != 0, 0, (attrs & A_DIM) != 0,
                 (attrs & A_BOLD) != 0, 0, 0, 0), out);
  }
  short fg, bg;
  if (PAIR_NUMBER(attrs) > 0 && pair_content((short)PAIR_NUMBER(attrs), &fg, &bg) == OK) {
    const char *setaf = vgk_capability("setaf"), *setab = vgk_capability("setab");
    if (fg >= 0 && setaf != NULL) fputs(tiparm(setaf, fg), out);
    if (bg >= 0 && setab != NULL) fputs(tiparm(setab, bg), out);
  }
  fputs(text, out);
  if (attrs != 0 && sgr0 != NULL) fputs(sgr0, out);
  return OK;
}
/// `getyx` is a macro. After its own writes, the adapter puts the cursor back where ncurses left
/// it after the refresh (the window's cursor), so that ncurses' next relative moves start from
/// the truth; then sends it all.
static inline void vgk_end_writes(FILE *out) {
  int y, x;
  getyx(stdscr, y, x);
  vgk_write_at(out, y, x, 0, "");
  fflush(out);
}
/// `stdout` is a mutable C global that Swift 6 refuses to read.
static inline FILE *vgk_stdout(void) { return stdout; }
/// `ioctl` is variadic: Swift cannot call it. The kernel's idea of the terminal's size, 0 if unknown.
static inline int vgk_terminal_size(int fd, int *rows, int *cols) {
  struct winsize ws;
  if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return 0;
  *rows = ws.ws_row; *cols = ws.ws_col; return 1;
}
/// The `KEY_*` codes are macros (and `KEY_F(n)` a function-like one): one number per key the
/// console knows, 0 for others. 1 up, 2 down, 3 left, 4 right, 5 home, 6 end, 7 page up,
/// 8 page down, 9 backspace, 10 delete, 11 insert, 12 enter, 13 back-tab, 14 resize,
/// 100 + n for F1..F12.
static inline int vgk_key_kind(int code) {
  switch (code) {
  case KEY_UP: return 1;
  case KEY_DOWN: return 2;
  case KEY_LEFT: return 3;
  case KEY_RIGHT: return 4;
  case KEY_HOME: return 5;
  case KEY_END: return 6;
  case KEY_PPAGE: return 7;
  case KEY_NPAGE: return 8;
  case KEY_BACKSPACE: return 9;
  case KEY_DC: return 10;
  case KEY_IC: return 11;
  case KEY_ENTER: return 12;
  case KEY_BTAB: return 13;
  case KEY_RESIZE: return 14;
  default:
    if (code >= KEY_F(1) && code <= KEY_F(12)) return 100 + code - KEY_F(0);
    return 0;
  }
}
#endif
