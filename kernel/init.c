// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * init.c - the /init of kernel/boot.sh's initramfs for architectures that
 * have no static busybox here (arm64, riscv64, arm).  Built by boot.sh with
 * the cross gcc against the kernel's own nolibc (tools/include/nolibc) and
 * the build's exported UAPI headers; it does what the busybox script does
 * on x86_64:
 *
 *   mount /proc; wait (at most WAIT_SECONDS) for "kallsyms_selftest: finish"
 *   in the kernel log; mute console printk; print the selftest lines and
 *   /proc/kallsyms between marker lines; sync; reboot.
 */

#ifndef WAIT_SECONDS
#define WAIT_SECONDS 570
#endif

#define SYSLOG_READ_ALL 3
#define SYSLOG_CONSOLE_LEVEL 8
#define REBOOT_MAGIC1 0xfee1dead
#define REBOOT_MAGIC2 672274793
#define REBOOT_RESTART 0x01234567

static char logbuf[1 << 20];

/* Does s contain word?  (nolibc has no strstr.) */
static int contains(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s; s++)
		if (!strncmp(s, word, n))
			return 1;
	return 0;
}

static void say(const char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		ssize_t w = write(1, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= w;
	}
}

static long read_log(void)
{
	long n = syscall(__NR_syslog, SYSLOG_READ_ALL, logbuf, sizeof(logbuf) - 1);

	if (n < 0)
		n = 0;
	logbuf[n] = '\0';
	return n;
}

/* Print every log line that contains word, ended by a newline. */
static void grep_log(const char *word)
{
	char *line = logbuf, *end;

	while (*line) {
		end = strchr(line, '\n');
		if (end)
			*end = '\0';
		if (contains(line, word)) {
			say(line);
			say("\n");
		}
		if (!end)
			break;
		line = end + 1;
	}
}

static void cat(const char *path)
{
	static char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		say("onelink: cannot open ");
		say(path);
		say("\n");
		return;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		ssize_t off = 0;

		while (off < n) {
			ssize_t w = write(1, buf + off, n - off);

			if (w <= 0)
				break;
			off += w;
		}
	}
	close(fd);
}

int main(void)
{
	int i;

	mkdir("/proc", 0755);
	if (mount("proc", "/proc", "proc", 0, NULL) < 0)
		say("onelink: cannot mount /proc\n");
	for (i = 0;; i++) {
		read_log();
		if (contains(logbuf, "kallsyms_selftest: finish"))
			break;
		if (i >= WAIT_SECONDS) {
			say("onelink: selftest did not finish in time\n");
			break;
		}
		sleep(1);
	}
	syscall(__NR_syslog, SYSLOG_CONSOLE_LEVEL, NULL, 1);
	read_log();
	say("onelink: selftest begin\n");
	grep_log("kallsyms_selftest");
	say("onelink: selftest end\n");
	say("onelink: kallsyms begin\n");
	cat("/proc/kallsyms");
	say("onelink: kallsyms end\n");
	syscall(__NR_sync);
	syscall(__NR_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_RESTART, NULL);
	for (;;)
		sleep(1);
	return 0;
}
