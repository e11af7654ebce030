#define _GNU_SOURCE
#include "cprocess.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void set_limit(int resource, rlim_t soft, rlim_t hard) {
  struct rlimit rl = {soft, hard};
  (void)setrlimit(resource, &rl);
}

static pid_t spawn(const char *path, char *const argv[], char *const envp[], int stdin_fd, int stdout_fd,
                   int stderr_fd, const vgk_limits *limits, int own_group, unsigned long cpu_hard_seconds) {
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) return -1;
  // Keep the error pipe's write end above 2 so the dup2 calls below cannot overwrite it.
  if (report[1] < 3) {
    int moved = fcntl(report[1], F_DUPFD_CLOEXEC, 3);
    int e = errno;
    close(report[1]);
    if (moved < 0) {
      close(report[0]);
      errno = e;
      return -1;
    }
    report[1] = moved;
  }
  pid_t pid = fork();
  if (pid < 0) {
    int e = errno;
    close(report[0]);
    close(report[1]);
    errno = e;
    return -1;
  }
  if (pid == 0) {
    // Child: async-signal-safe calls only, then exec or _exit.
    int devnull = open("/dev/null", O_RDWR);
    int fds[3] = {stdin_fd, stdout_fd, stderr_fd};
    for (int i = 0; i < 3; i++) {
      int from = fds[i] >= 0 ? fds[i] : devnull;
      if (from < 0) _exit(127);
      if (from == i) {
        int flags = fcntl(i, F_GETFD);
        if (flags >= 0) (void)fcntl(i, F_SETFD, flags & ~FD_CLOEXEC);
      } else if (dup2(from, i) < 0) {
        int e = errno;
        (void)!write(report[1], &e, sizeof e);
        _exit(127);
      }
    }
    // Every other descriptor goes (the report pipe is close-on-exec).
    if (report[1] > 3) (void)close_range(3, (unsigned)report[1] - 1, 0);
    (void)close_range((unsigned)report[1] + 1, ~0U, 0);
    struct sigaction dfl;
    dfl.sa_handler = SIG_DFL;
    dfl.sa_flags = 0;
    sigemptyset(&dfl.sa_mask);
    for (int s = 1; s < NSIG; s++) (void)sigaction(s, &dfl, NULL);
    sigset_t none;
    sigemptyset(&none);
    (void)sigprocmask(SIG_SETMASK, &none, NULL);
    if (own_group) (void)setpgid(0, 0);
    set_limit(RLIMIT_CORE, 0, 0);
    if (limits) {
      if (limits->cpu_seconds > 0) {
        rlim_t hard = cpu_hard_seconds > limits->cpu_seconds ? cpu_hard_seconds : limits->cpu_seconds + 1;
        set_limit(RLIMIT_CPU, limits->cpu_seconds, hard);
      }
      if (limits->address_space > 0) set_limit(RLIMIT_AS, limits->address_space, limits->address_space);
      set_limit(RLIMIT_FSIZE, limits->file_size, limits->file_size);
      if (limits->open_files > 0) set_limit(RLIMIT_NOFILE, limits->open_files, limits->open_files);
    }
    execve(path, argv, envp);
    int e = errno;
    (void)!write(report[1], &e, sizeof e);
    _exit(127);
  }
  close(report[1]);
  int child_errno = 0;
  ssize_t n;
  do {
    n = read(report[0], &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  close(report[0]);
  if (n == (ssize_t)sizeof child_errno) {
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    errno = child_errno;
    return -1;
  }
  return pid;
}

pid_t vgk_spawn_limited(const char *path, char *const argv[], char *const envp[],
                        int stdin_fd, int stdout_fd, int stderr_fd, const vgk_limits *limits) {
  return spawn(path, argv, envp, stdin_fd, stdout_fd, stderr_fd, limits, 0, 0);
}

pid_t vgk_spawn_group(const char *path, char *const argv[], char *const envp[],
                      int stdin_fd, int stdout_fd, int stderr_fd, const vgk_limits *limits) {
  return spawn(path, argv, envp, stdin_fd, stdout_fd, stderr_fd, limits, 1, 0);
}

int vgk_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

pid_t vgk_spawn_worker(const char *path, char *const argv[], char *const envp[], int socket_fd,
                       const vgk_limits *limits, unsigned long cpu_hard_seconds) {
  return spawn(path, argv, envp, socket_fd, socket_fd, -1, limits, 0, cpu_hard_seconds);
}

int vgk_socketpair_cloexec(int fds[2]) { return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds); }

ssize_t vgk_send_with_fd(int socket_fd, const void *bytes, size_t count, int fd) {
  char control[CMSG_SPACE(sizeof(int))];
  memset(control, 0, sizeof control);
  struct iovec iov = {(void *)bytes, count};
  struct msghdr message;
  memset(&message, 0, sizeof message);
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  struct cmsghdr *header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(header), &fd, sizeof(int));
  ssize_t n;
  do {
    n = sendmsg(socket_fd, &message, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n;
}

ssize_t vgk_recv_with_fd(int socket_fd, void *bytes, size_t count, int *fd) {
  char control[CMSG_SPACE(4 * sizeof(int))];
  struct iovec iov = {bytes, count};
  struct msghdr message;
  memset(&message, 0, sizeof message);
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  ssize_t n;
  do {
    n = recvmsg(socket_fd, &message, MSG_CMSG_CLOEXEC);
  } while (n < 0 && errno == EINTR);
  *fd = -1;
  if (n < 0) return n;
  for (struct cmsghdr *h = CMSG_FIRSTHDR(&message); h != NULL; h = CMSG_NXTHDR(&message, h)) {
    if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS) continue;
    size_t count_fds = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (size_t i = 0; i < count_fds; i++) {
      int received;
      memcpy(&received, CMSG_DATA(h) + i * sizeof(int), sizeof(int));
      // One descriptor per request: the first is kept, any other is closed at once.
      if (*fd < 0) *fd = received; else close(received);
    }
  }
  return n;
}

int vgk_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int vgk_memfd(const char *name) { return memfd_create(name, 0); }

int vgk_rename_noreplace(int from_dir, const char *from, int to_dir, const char *to) {
  return renameat2(from_dir, from, to_dir, to, RENAME_NOREPLACE);
}

int vgk_open_for_writing_elsewhere(int fd) {
  if (fcntl(fd, F_SETLEASE, F_RDLCK) == 0) {
    (void)fcntl(fd, F_SETLEASE, F_UNLCK);
    return 0;
  }
  return errno == EAGAIN ? 1 : -1;
}

static volatile sig_atomic_t vgk_quit_received = 0;

static void vgk_on_quit_signal(int signal) {
  if (vgk_quit_received == 0) vgk_quit_received = signal;
}

void vgk_catch_quit_signals(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = vgk_on_quit_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a waiting read returns at once
  sigaction(SIGTERM, &action, NULL);
  sigaction(SIGHUP, &action, NULL);
  sigaction(SIGINT, &action, NULL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

int vgk_quit_signal(void) { return vgk_quit_received; }
