/* SPDX-License-Identifier: MIT */
/*
 * /init of the Linux guest's initramfs: mounts /proc, /sys and /dev, runs
 * the programs the kernel command line names, in order, and powers off.
 *
 *   tg.run=NAME[:ARG[:ARG...]]   run /bin/NAME ARG... (a NAME with a slash
 *                                is a path); the word may be repeated
 *
 * It prints, on the console:
 *
 *   INIT tsc 1234567890                      (the TSC as /init began)
 *   INIT start Linux 6.1.0-57-amd64
 *   INIT run xchgtest 1000
 *   XCHGTEST {"count":1000,"done":1000}      (the program's own output)
 *   INIT exit xchgtest 0                     (or "signal N")
 *   INIT done {"runs":1,"failed":0}
 *
 * It is a C program rather than a busybox sh script because under
 * Tollgate's software detector every user-mode instruction is single-
 * stepped: this init executes a few thousand of them where a shell would
 * execute millions, so the guest boots under detect=soft in about the time
 * it boots without.  The last step is the system call busybox's
 * `poweroff -f` makes, reboot(RB_POWER_OFF); a kernel without a way to
 * switch the machine off (no ACPI) halts instead: "reboot: System halted",
 * then CLI; HLT on every CPU.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define CMDLINE_MAX 4096
#define RUN_KEY "tg.run="
#define ARGS_MAX 32

static char *const child_env[] = { "PATH=/bin", "HOME=/", "TERM=linux", NULL };

/* Mounts @type at @dir, saying so if it fails (the run goes on). */
static void mount_fs(const char *type, const char *dir)
{
	mkdir(dir, 0755);
	if (mount(type, dir, type, 0, NULL) && errno != EBUSY)
		printf("INIT warning: mount %s on %s: %s\n", type, dir,
		       strerror(errno));
}

/*
 * Opens /dev/console as stdin, stdout and stderr where the kernel could
 * not (an initramfs without /dev/console), now that devtmpfs has it.
 */
static void open_console(void)
{
	int fd;

	if (fcntl(1, F_GETFD) != -1)
		return;
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

/* Reads /proc/cmdline into @buf (NUL-terminated); false if it cannot. */
static int read_cmdline(char *buf, size_t size)
{
	int fd = open("/proc/cmdline", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return 0;
	buf[n] = '\0';
	return 1;
}

/* Splits @spec ("NAME:ARG:...") in place into @argv; returns argc. */
static int split_spec(char *spec, char **argv)
{
	int argc = 0;
	char *save = NULL, *word;

	for (word = strtok_r(spec, ":", &save); word && argc < ARGS_MAX - 1;
	     word = strtok_r(NULL, ":", &save))
		argv[argc++] = word;
	argv[argc] = NULL;
	return argc;
}

/* Runs one tg.run= value to its end; true if it exited with status 0. */
static int run_one(char *spec)
{
	char *argv[ARGS_MAX], path[256];
	int argc = split_spec(spec, argv), status, i;
	pid_t pid;

	if (!argc) {
		printf("INIT error: empty tg.run=\n");
		return 0;
	}
	snprintf(path, sizeof(path), "%s%s",
		 strchr(argv[0], '/') ? "" : "/bin/", argv[0]);
	printf("INIT run");
	for (i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execve(path, argv, child_env);
		printf("INIT error: cannot run %s: %s\n", path,
		       strerror(errno));
		fflush(stdout);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		printf("INIT error: %s: %s\n", argv[0], strerror(errno));
		return 0;
	}
	if (WIFSIGNALED(status))
		printf("INIT exit %s signal %d\n", argv[0], WTERMSIG(status));
	else
		printf("INIT exit %s %d\n", argv[0], WEXITSTATUS(status));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Runs every tg.run= word of @cmdline in order; counts runs and failures. */
static void run_all(char *cmdline, unsigned int *runs, unsigned int *failed)
{
	char *save = NULL, *word;

	for (word = strtok_r(cmdline, " \t\n", &save); word;
	     word = strtok_r(NULL, " \t\n", &save)) {
		if (strncmp(word, RUN_KEY, strlen(RUN_KEY)))
			continue;
		(*runs)++;
		if (!run_one(word + strlen(RUN_KEY)))
			(*failed)++;
	}
}

/* The time-stamp counter (SDM Vol. 2B RDTSC). */
static unsigned long long rdtsc(void)
{
	unsigned int lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (unsigned long long)hi << 32 | lo;
}

int main(void)
{
	/* First of all: make bench counts the kernel's boot up to here. */
	unsigned long long start_tsc = rdtsc();
	static char cmdline[CMDLINE_MAX];
	unsigned int runs = 0, failed = 0;
	struct utsname uts;

	mount_fs("devtmpfs", "/dev");
	open_console();
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("INIT tsc %llu\n", start_tsc);
	mount_fs("proc", "/proc");
	mount_fs("sysfs", "/sys");
	if (uname(&uts))
		strcpy(uts.release, "(unknown)");
	printf("INIT start Linux %s\n", uts.release);
	if (read_cmdline(cmdline, sizeof(cmdline)))
		run_all(cmdline, &runs, &failed);
	else
		printf("INIT error: cannot read /proc/cmdline: %s\n",
		       strerror(errno));
	if (!runs)
		printf("INIT nothing to run: no %s on the kernel command "
		       "line\n",
		       RUN_KEY);
	printf("INIT done {\"runs\":%u,\"failed\":%u}\n", runs, failed);
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	/* PID 1 must not exit: that would be a kernel panic. */
	printf("INIT error: power off failed: %s\n", strerror(errno));
	fflush(stdout);
	for (;;)
		pause();
}
