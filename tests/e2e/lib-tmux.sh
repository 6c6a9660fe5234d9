# SPDX-License-Identifier: GPL-2.0
# tmux helpers for the browser tests (t3xxx): a private server per test script.
#	tmux_start 120 40		# a shell in a detached 120x40 session
#	tmux_type 'kprof top -- "$TARGETS/demo" 3; echo EXIT=$?' Enter
#	tmux_wait 'demo_heavy'		# until the screen shows it (60 s at most)
#	tmux_rows_become FILE CMD...	# until `tmux_rows | CMD` prints FILE
#	tmux_screen >screen		# what the pane shows
TMUX_SOCK="kprof-test-$$"
unset TMUX

tmux_() { tmux -L "$TMUX_SOCK" "$@"; }

tmux_n=0
tmux_start() {
	tmux_ kill-server 2>/dev/null
	# a fresh server each time: a dying one may still hold the old socket
	tmux_n=$((tmux_n + 1))
	TMUX_SOCK="kprof-test-$$-$tmux_n"
	tmux_ -f /dev/null new-session -d -x "$1" -y "$2" \
		"env PS1='$ ' TERM=${3:-xterm-256color} PATH='$PATH' KPROF='$KPROF' TARGETS='$TARGETS' sh" &&
	tmux_ set-option -g status off >/dev/null
}

tmux_stop() { tmux_ kill-server 2>/dev/null; true; }

tmux_type() { tmux_ send-keys "$@"; }

tmux_screen() { tmux_ capture-pane -p; }

# tmux_poll TRIES CMD...: run CMD every 0.1 s until it succeeds, TRIES times at
# most.  The bounds below are generous: a busy machine or a sanitizer build is
# slow to draw, and a screen that is right returns at once.
tmux_poll() {
	n=$1
	shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

tmux_screen_has() { tmux_screen | grep -Eq -- "$1"; }

# tmux_wait ERE [TRIES]: poll the screen until it matches.
tmux_wait() {
	tmux_poll "${2:-600}" tmux_screen_has "$1" && return 0
	echo "tmux_wait: '$1' never showed; the screen:" >&2
	tmux_screen >&2
	return 1
}

# The browser's rows: the lines after the column titles, without the message line.
tmux_rows() { tmux_screen | sed -n '4,$p' | grep -E '^ *[0-9]+\.[0-9]+%'; }

tmux_rows_are() {
	want=$1
	shift
	tmux_rows | "$@" >rows.now
	cmp -s "$want" rows.now
}

# tmux_rows_become EXPECT CMD...: poll until `tmux_rows | CMD...` prints what the
# file EXPECT holds (the browser applies a key at its next refresh, not at once).
tmux_rows_become() {
	tmux_poll 600 tmux_rows_are "$@" && return 0
	echo "tmux_rows_become: the rows never became $1; the screen:" >&2
	tmux_screen >&2
	return 1
}
