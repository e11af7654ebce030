// Process and file primitives Swift cannot express safely: see each function's reason.
#ifndef VGK_CPROCESS_H
#define VGK_CPROCESS_H
#include <sys/types.h>

/// Limits applied in the child between fork and exec.
typedef struct {
  /// CPU seconds (soft limit: SIGXCPU; the hard limit one second later: SIGKILL). 0: unlimited.
  unsigned long cpu_seconds;
  /// Address space in bytes (allocation beyond it fails). 0: unlimited.
  unsigned long long address_space;
  /// Largest file the child may write (0 forbids writing files at all).
  unsigned long long file_size;
  /// Most open descriptors.
  unsigned long open_files;
} vgk_limits;

/// Starts `path` with `argv` and `envp`, stdin/stdout/stderr from the given descriptors (-1: /dev/null),
/// every other descriptor closed, default signal dispositions, an empty signal mask, no core dumps,
/// and `limits`. Returns the child's pid, or -1 with errno set (also when exec fails: the error is
/// passed back through a close-on-exec pipe).
/// Why C: the limits must be set in the child between fork and exec; posix_spawn cannot set rlimits,
/// and Swift cannot run code in a forked child of a multithreaded process (only async-signal-safe
/// calls are allowed there, which this function keeps to).
pid_t vgk_spawn_limited(const char *path, char *const argv[], char *const envp[],
                        int stdin_fd, int stdout_fd, int stderr_fd, const vgk_limits *limits);

/// `vgk_spawn_limited`, the child leading a process group of its own (setpgid between fork and
/// exec), so that killing the group at a deadline stops whatever the command started too.
pid_t vgk_spawn_group(const char *path, char *const argv[], char *const envp[],
                      int stdin_fd, int stdout_fd, int stderr_fd, const vgk_limits *limits);

/// A descriptor that becomes readable when the child `pid` exits (close-on-exec), or -1.
/// Why C: pidfd_open has no glibc wrapper before 2.36; it is reached through variadic syscall().
int vgk_pidfd_open(pid_t pid);

/// `vgk_spawn_limited` for the decoding worker: `socket_fd` is both its stdin and stdout, stderr
/// is /dev/null, and RLIMIT_CPU's soft limit is `limits->cpu_seconds` (one image) while its hard
/// limit is `cpu_hard_seconds` (every image the worker may take), so the worker can grant itself
/// a fresh soft limit before each image but never go past the hard one.
pid_t vgk_spawn_worker(const char *path, char *const argv[], char *const envp[], int socket_fd,
                       const vgk_limits *limits, unsigned long cpu_hard_seconds);

/// A connected pair of Unix stream sockets, both close-on-exec.
/// Why C: Glibc's socket types import into Swift as an enum that cannot be or-ed with SOCK_CLOEXEC.
int vgk_socketpair_cloexec(int fds[2]);

/// Sends `count` bytes with the descriptor `fd` attached (SCM_RIGHTS), never raising SIGPIPE.
/// Why C: the CMSG_* macros.
ssize_t vgk_send_with_fd(int socket_fd, const void *bytes, size_t count, int fd);

/// Receives up to `count` bytes and the first descriptor attached to them in `*fd` (-1 when
/// none; further ones are closed), close-on-exec. Why C: the CMSG_* macros.
ssize_t vgk_recv_with_fd(int socket_fd, void *bytes, size_t count, int *fd);

/// An anonymous in-memory file (close-on-exec off, so a child can inherit it as stdin).
/// Why C: memfd_create needs _GNU_SOURCE, which Swift's Glibc module does not define.
int vgk_memfd(const char *name);

/// A pipe whose two ends are close-on-exec from the start (fds[0] reads, fds[1] writes).
/// Why C: pipe2 needs _GNU_SOURCE.
int vgk_pipe_cloexec(int fds[2]);

/// rename() that fails with EEXIST instead of replacing the destination.
/// Why C: renameat2 and RENAME_NOREPLACE need _GNU_SOURCE.
int vgk_rename_noreplace(int from_dir, const char *from, int to_dir, const char *to);

/// 1 when some process has the open file `fd` open for writing, 0 when none, -1 when the kernel
/// cannot tell us (not our file, leases disabled). Takes and drops a read lease.
/// Why C: F_SETLEASE needs _GNU_SOURCE.
int vgk_open_for_writing_elsewhere(int fd);

/// Catches SIGTERM, SIGHUP and SIGINT without SA_RESTART: a blocking read returns with EINTR
/// and `vgk_quit_signal` tells which came, so the program can restore the terminal and leave.
/// Why C: a signal handler may only touch a `volatile sig_atomic_t`, which Swift cannot declare.
void vgk_catch_quit_signals(void);

/// The first of SIGTERM, SIGHUP or SIGINT received since `vgk_catch_quit_signals`, or 0.
int vgk_quit_signal(void);
#endif
