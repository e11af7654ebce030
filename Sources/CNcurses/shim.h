// ncursesw for Swift. SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so wide-character
// declarations (get_wch, wint_t, cchar_t) must be switched on here, before the header.
#ifndef VGK_CNCURSES_SHIM_H
#define VGK_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#include <locale.h>
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
/// `setlocale` needs the `LC_ALL` macro; ncurses needs it called before `newterm`.
static inline void vgk_setlocale_from_env(void) { setlocale(LC_ALL, ""); }
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
/// `ioctl` is variadic: Swift cannot call it. The kernel's idea of the terminal's size, 0 if unknown.
static inline int vgk_terminal_size(int fd, int *rows, int *cols) {
  struct winsize ws;
  if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return 0;
  *rows = ws.ws_row; *cols = ws.ws_col; return 1;
}
#endif
