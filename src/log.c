/*
 * log.c -- line-oriented logging to standard error.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "timeutil.h"

static const char *const levels[] = { "error", "warn", "info" };

void
log_msg(enum log_level lvl, const char *rid, const char *fmt, ...)
{
	char	 line[2048], ts[40];
	va_list	 ap;
	int	 n, m;

	time_iso(time_now_ms(), ts, sizeof(ts));
	n = snprintf(line, sizeof(line), "%s %s pid=%ld rid=%s ", ts,
	    levels[lvl], (long)getpid(), rid != NULL ? rid : "-");
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	n = (size_t)(n + m) >= sizeof(line) - 1 ? (int)sizeof(line) - 2 : n + m;
	/* Keep one event on one line whatever the message holds. */
	for (m = 0; m < n; m++)
		if (line[m] == '\n' || line[m] == '\r')
			line[m] = ' ';
	line[n++] = '\n';
	(void)!write(STDERR_FILENO, line, (size_t)n);
}
