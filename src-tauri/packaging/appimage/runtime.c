/*
 * Accroche's AppImage runtime: the small ELF program at the head of Accroche_<version>.AppImage.
 *
 * An AppImage of type 2 is this executable, with the bytes "AI\x02" at offset 8 of the file,
 * followed directly by a squashfs image of the application directory (the AppDir). The image
 * starts where the ELF ends: e_shoff + e_shnum * e_shentsize. Run, the runtime mounts the image
 * read-only with FUSE at $TMPDIR/.mount_Accroche-XXXXXX, runs $APPDIR/AppRun with the
 * arguments, waits for it, unmounts and exits with its status. Without FUSE (no /dev/fuse, mount
 * refused, no fusermount3), or with APPIMAGE_EXTRACT_AND_RUN=1, it extracts the image to a
 * temporary directory instead, runs from there and deletes it afterwards.
 *
 * Why our own: the official runtime and appimagetool/linuxdeploy (which Tauri's AppImage
 * bundler downloads) only come from GitHub, which the development machine cannot reach. Debian
 * ships squashfuse and libfuse 3 as static libraries, which do the real work here; this file is
 * only the glue, written for Accroche (build.sh compiles it statically and appends the image).
 *
 * Options (as the official runtime): --appimage-extract (into ./squashfs-root),
 * --appimage-offset, --appimage-version, --appimage-help.
 */
#define _GNU_SOURCE
#define FUSE_USE_VERSION 32
#include <squashfuse/ll.h>
#include <squashfuse/squashfs_fs.h>

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *self;   /* absolute path of the AppImage */
static pid_t app_pid = -1; /* AppRun, once started */

static void die(const char *fmt, const char *arg) {
  fputs("Accroche : ", stderr);
  fprintf(stderr, fmt, arg);
  fputc('\n', stderr);
  exit(1);
}

/* Offset of the squashfs image = end of the ELF (its section headers come last). */
static off_t elf_end(int fd) {
  Elf64_Ehdr h;
  if (pread(fd, &h, sizeof h, 0) != (ssize_t)sizeof h || memcmp(h.e_ident, ELFMAG, SELFMAG) != 0 ||
      h.e_ident[EI_CLASS] != ELFCLASS64)
    return -1;
  return (off_t)(h.e_shoff + (uint64_t)h.e_shnum * h.e_shentsize);
}

/* The image must be a whole squashfs: a truncated download fails here, not in the middle of
 * the application's start. Returns NULL when fine, else what is wrong. */
static const char *check_image(int fd, off_t offset) {
  struct squashfs_super_block sb;
  struct stat st;
  if (offset <= 0 || fstat(fd, &st) != 0) return "en-tête ELF illisible";
  if (pread(fd, &sb, sizeof sb, offset) != (ssize_t)sizeof sb) return "image squashfs absente";
  if (le32toh(sb.s_magic) != SQUASHFS_MAGIC) return "image squashfs absente ou abîmée";
  if ((uint64_t)offset + le64toh(sb.bytes_used) > (uint64_t)st.st_size) return "fichier tronqué";
  return NULL;
}

/* ---- Extraction ------------------------------------------------------------------------- */

static int extract(const char *dest, off_t offset) {
  sqfs fs;
  sqfs_traverse trv;
  sqfs_err err = SQFS_OK;
  static char buf[1 << 17];
  if (sqfs_open_image(&fs, self, (size_t)offset) != SQFS_OK) return -1;
  if (mkdir(dest, 0755) != 0 && errno != EEXIST) return -1;
  if (sqfs_traverse_open(&trv, &fs, sqfs_inode_root(&fs)) != SQFS_OK) return -1;
  while (sqfs_traverse_next(&trv, &err)) {
    if (trv.dir_end) continue;
    sqfs_inode inode;
    char path[PATH_MAX];
    if (strcmp(trv.path, "..") == 0 || strstr(trv.path, "../") != NULL ||
        snprintf(path, sizeof path, "%s/%s", dest, trv.path) >= (int)sizeof path ||
        sqfs_inode_get(&fs, &inode, trv.entry.inode) != SQFS_OK)
      return -1;
    mode_t mode = inode.base.mode & 07777, type = sqfs_mode(inode.base.inode_type);
    if (S_ISDIR(type)) {
      if (mkdir(path, mode | S_IRWXU) != 0 && errno != EEXIST) return -1;
    } else if (S_ISLNK(type)) {
      char target[PATH_MAX];
      size_t size = sizeof target;
      if (sqfs_readlink(&fs, &inode, target, &size) != SQFS_OK) return -1;
      unlink(path);
      if (symlink(target, path) != 0) return -1;
    } else if (S_ISREG(type)) {
      unlink(path);
      int out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode | S_IRUSR | S_IWUSR);
      if (out < 0) return -1;
      for (uint64_t at = 0; at < inode.xtra.reg.file_size;) {
        sqfs_off_t n = sizeof buf;
        if (sqfs_read_range(&fs, &inode, (sqfs_off_t)at, &n, buf) != SQFS_OK || n <= 0 ||
            write(out, buf, (size_t)n) != (ssize_t)n) {
          close(out);
          return -1;
        }
        at += (uint64_t)n;
      }
      if (fchmod(out, mode) != 0 || close(out) != 0) return -1;
    } /* devices, fifos, sockets: none in an AppDir, skipped */
  }
  sqfs_traverse_close(&trv);
  sqfs_destroy(&fs);
  return err == SQFS_OK ? 0 : -1;
}

static int remove_entry(const char *p, const struct stat *s, int flag, struct FTW *f) {
  (void)s, (void)flag, (void)f;
  remove(p); /* best effort: keep removing the rest */
  return 0;
}

/* ---- FUSE -------------------------------------------------------------------------------- */

static const struct fuse_lowlevel_ops ops = {
    .lookup = sqfs_ll_op_lookup,       .forget = sqfs_ll_op_forget,
    .getattr = sqfs_ll_op_getattr,     .readlink = sqfs_ll_op_readlink,
    .open = sqfs_ll_op_open,           .read = sqfs_ll_op_read,
    .release = sqfs_ll_op_release,     .opendir = sqfs_ll_op_opendir,
    .readdir = sqfs_ll_op_readdir,     .releasedir = sqfs_ll_op_releasedir,
    .statfs = stfs_ll_op_statfs,       .listxattr = sqfs_ll_op_listxattr,
    .getxattr = sqfs_ll_op_getxattr,   .create = sqfs_ll_op_create,
};

static int have_fusermount(void) {
  const char *path = getenv("PATH");
  char copy[4096], file[PATH_MAX];
  snprintf(copy, sizeof copy, "%s:/usr/bin:/bin", path ? path : "");
  for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
    if (snprintf(file, sizeof file, "%s/fusermount3", dir) < (int)sizeof file &&
        access(file, X_OK) == 0)
      return 1;
  return 0;
}

/* Forks the FUSE server for the image at mnt. Returns its pid once mounted, or -1 (no FUSE). */
static pid_t mount_image(const char *mnt, off_t offset) {
  int ready[2];
  if (access("/dev/fuse", R_OK | W_OK) != 0 || (geteuid() != 0 && !have_fusermount()) ||
      pipe2(ready, O_CLOEXEC) != 0)
    return -1;
  pid_t parent = getpid(), pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    /* The server: quiet, out of the terminal's process group (Ctrl-C is for the app), and
     * stopped (then unmounting) by SIGTERM, sent by the parent or by the kernel if it dies. */
    char ok = 0;
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) dup2(null, 0), dup2(null, 1), dup2(null, 2);
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (chdir("/") != 0 || getppid() != parent) _exit(1);
    char *argv[] = {"accroche-appimage", "-o", "ro,fsname=Accroche.AppImage,subtype=appimage", NULL};
    struct fuse_args args = FUSE_ARGS_INIT(3, argv);
    sqfs_ll *ll = sqfs_ll_open(self, (size_t)offset);
    sqfs_ll_chan ch;
    if (ll && sqfs_ll_mount(&ch, mnt, &args, (struct fuse_lowlevel_ops *)&ops, sizeof ops, ll) ==
                  SQFS_OK) {
      if (fuse_set_signal_handlers(ch.session) == 0)
        ok = 1;
      else
        sqfs_ll_unmount(&ch, mnt);
    }
    if (write(ready[1], &ok, 1) != 1 || !ok) _exit(1);
    close(ready[1]);
    fuse_session_loop(ch.session);
    fuse_remove_signal_handlers(ch.session);
    sqfs_ll_unmount(&ch, mnt);
    rmdir(mnt); /* also when the parent was killed */
    _exit(0);
  }
  char ok = 0;
  close(ready[1]);
  if (read(ready[0], &ok, 1) != 1 || !ok) {
    waitpid(pid, NULL, 0);
    pid = -1;
  }
  close(ready[0]);
  return pid;
}

/* ---- Running AppRun ---------------------------------------------------------------------- */

static void forward(int sig) {
  if (app_pid > 0) kill(app_pid, sig);
}

static int run_app(const char *appdir, int argc, char **argv) {
  char apprun[PATH_MAX], cwd[PATH_MAX];
  snprintf(apprun, sizeof apprun, "%s/AppRun", appdir);
  setenv("APPIMAGE", self, 1);
  setenv("APPDIR", appdir, 1);
  setenv("ARGV0", argv[0], 1);
  if (getcwd(cwd, sizeof cwd)) setenv("OWD", cwd, 1);
  argv[0] = apprun;
  signal(SIGTERM, forward);
  signal(SIGHUP, forward);
  signal(SIGINT, SIG_IGN); /* the terminal sends it to the app too */
  app_pid = fork();
  if (app_pid == 0) {
    signal(SIGTERM, SIG_DFL), signal(SIGHUP, SIG_DFL), signal(SIGINT, SIG_DFL);
    execv(apprun, argv);
    fprintf(stderr, "Accroche : impossible de lancer %s (%s)\n", apprun, strerror(errno));
    _exit(127);
  }
  if (app_pid < 0) return 127;
  (void)argc;
  int status;
  while (waitpid(app_pid, &status, 0) < 0)
    if (errno != EINTR) return 127;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static char *temp_dir(const char *prefix) {
  const char *tmp = getenv("TMPDIR");
  static char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s/%sAccroche-XXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);
  if (!mkdtemp(dir)) die("impossible de créer un dossier temporaire (%s)", strerror(errno));
  return dir;
}

static void help(void) {
  puts("Accroche.AppImage [--appimage-OPTION] [fichier.accroche]\n"
       "  (sans option)          ouvre Accroche (image montée avec FUSE, ou extraite sans FUSE)\n"
       "  --appimage-extract     extrait le contenu dans ./squashfs-root\n"
       "  --appimage-offset      affiche la position de l'image squashfs dans le fichier\n"
       "  --appimage-version     affiche la version du lanceur et les compressions lues\n"
       "  --appimage-help        affiche cette aide\n"
       "Variable APPIMAGE_EXTRACT_AND_RUN=1 : extraire puis lancer, sans FUSE.");
}

static void version(void) {
  sqfs_compression_type types[SQFS_COMP_MAX];
  printf("Accroche AppImage runtime (type 2, %s, libfuse %d.%d)\ncompressions :", PACKAGE_STRING,
         FUSE_MAJOR_VERSION, FUSE_MINOR_VERSION);
  sqfs_compression_supported(types);
  for (int i = 0; i < SQFS_COMP_MAX && types[i] != SQFS_COMP_UNKNOWN; i++)
    printf(" %s", sqfs_compression_name(types[i]));
  putchar('\n');
}

int main(int argc, char **argv) {
  static char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) die("chemin du programme introuvable (%s)", strerror(errno));
  exe[n] = '\0';
  self = exe;
  const char *opt = argc > 1 && strncmp(argv[1], "--appimage-", 11) == 0 ? argv[1] + 11 : NULL;
  if (opt && strcmp(opt, "help") == 0) return help(), 0;
  if (opt && strcmp(opt, "version") == 0) return version(), 0;

  int fd = open(self, O_RDONLY | O_CLOEXEC);
  if (fd < 0) die("impossible de lire l'AppImage (%s)", strerror(errno));
  off_t offset = elf_end(fd);
  if (opt && strcmp(opt, "offset") == 0 && offset > 0) return printf("%lld\n", (long long)offset), 0;
  const char *bad = check_image(fd, offset);
  close(fd);
  if (bad)
    die("cette AppImage est incomplète ou abîmée (%s) : téléchargez-la de nouveau.", bad);

  if (opt && strcmp(opt, "extract") == 0) {
    if (extract("squashfs-root", offset) != 0) die("extraction impossible (%s)", strerror(errno));
    return 0;
  }
  if (opt) die("option inconnue --appimage-%s (voir --appimage-help)", opt);

  const char *env = getenv("APPIMAGE_EXTRACT_AND_RUN");
  int status;
  if (!(env && strcmp(env, "1") == 0)) {
    char *mnt = temp_dir(".mount_");
    pid_t server = mount_image(mnt, offset);
    if (server > 0) {
      status = run_app(mnt, argc, argv);
      kill(server, SIGTERM);
      while (waitpid(server, NULL, 0) < 0 && errno == EINTR) {
      }
      rmdir(mnt);
      return status;
    }
    rmdir(mnt);
    fputs("Accroche : FUSE est absent, lancement depuis une copie extraite (démarrage plus lent).\n",
          stderr);
  }
  char *dir = temp_dir(".extract_");
  if (extract(dir, offset) != 0) {
    int e = errno;
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    die("extraction impossible (%s)", strerror(e));
  }
  status = run_app(dir, argc, argv);
  nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  return status;
}
