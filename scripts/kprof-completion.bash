# SPDX-License-Identifier: GPL-2.0
# bash completion for kprof: installed as share/bash-completion/completions/kprof
# (or: source scripts/kprof-completion.bash).
#
# kprof is asked what it knows, so this file never goes stale: `kprof --list-cmds`
# (commands), `kprof CMD --list-opts` (long options of a command), `kprof list
# --raw-dump` (events for -e).  Kernel symbols for -k/-r come from /proc/kallsyms,
# files for -u/-U BIN (then BIN's functions after the colon), -i, -o, --kallsyms.

# The words of the command line up to the cursor, split on blanks only (bash
# also splits on ':' and '=', which would cut 'sched:sched_switch' and
# '--event=cpu-clock' in pieces).  Sets _kprof_words and _kprof_cur.
_kprof_split()
{
	local line=${COMP_LINE:0:COMP_POINT}

	read -r -a _kprof_words <<<"$line"
	if [[ -z $line || $line == *[[:space:]] ]]; then
		_kprof_words+=("")
	fi
	_kprof_cur=${_kprof_words[${#_kprof_words[@]} - 1]}
}

# Set COMPREPLY to the words of $1 starting with $2, less what bash already
# treats as typed before its own current word (text up to the last ':' or '=').
_kprof_reply()
{
	local words=$1 cur=$2 bw=${COMP_WORDS[COMP_CWORD]} pre='' w
	local -a out=()

	case $bw in
	: | =) pre=$cur ;;
	*) [[ $cur == *"$bw" ]] && pre=${cur%"$bw"} ;;
	esac
	while IFS= read -r w; do
		[[ -n $w ]] && out+=("${w#"$pre"}")
	done < <(compgen -W "$words" -- "$cur")
	COMPREPLY=("${out[@]}")
}

# Kernel functions starting with $1, from /proc/kallsyms (text symbols).
_kprof_ksyms()
{
	[[ -r /proc/kallsyms ]] || return
	awk -v p="$1" '($2 == "t" || $2 == "T") && index($3, p) == 1 { print $3 }' \
		/proc/kallsyms | sort -u
}

# Complete the argument $2 of option $1; returns 1 when $1 takes no argument.
_kprof_optarg()
{
	local kprof=$1 opt=$2 cur=$3 pre=$4 bin

	case $opt in
	-e | --event)
		_kprof_reply "$("$kprof" list --raw-dump sw hw pmu tracepoint 2>/dev/null |
			sed "s|^|$pre|")" "$pre$cur"
		;;
	-k | --kprobe | -r | --kretprobe)
		cur=${cur#[\'\"]}
		_kprof_reply "$(_kprof_ksyms "$cur" | sed "s|^|$pre|")" "$pre$cur"
		;;
	-u | --uprobe | -U | --uretprobe)
		cur=${cur#[\'\"]}
		if [[ $cur == *:* ]]; then
			bin=${cur%%:*}
			_kprof_reply "$("$kprof" list -q --raw-dump -u "$bin:${cur#*:}*" 2>/dev/null |
				sed "s|^|$pre$bin:|")" "$pre$cur"
		else
			local -a files
			mapfile -t files < <(compgen -f -- "$cur")
			_kprof_reply "$(printf '%s\n' "${files[@]}" | sed "s|^|$pre|")" "$pre$cur"
			compopt -o filenames -o nospace 2>/dev/null
		fi
		;;
	-i | --input | -o | --output | --kallsyms)
		local -a files
		mapfile -t files < <(compgen -f -- "$cur")
		_kprof_reply "$(printf '%s\n' "${files[@]}" | sed "s|^|$pre|")" "$pre$cur"
		compopt -o filenames 2>/dev/null
		;;
	-s | --sort)
		case $cmd in
		report) _kprof_reply "comm pid tid dso sym cpu" "$cur" ;;
		top) _kprof_reply "total recent symbol dso" "$cur" ;;
		esac
		;;
	--backend) _kprof_reply "auto pmu tracefs" "$cur" ;;
	--engine) _kprof_reply "auto kernel ptrace" "$cur" ;;
	--call-graph)
		case $cmd in
		record) _kprof_reply "fp dwarf" "$cur" ;;
		*) _kprof_reply "graph fractal none" "$cur" ;;
		esac
		;;
	-a) [[ $cmd == probe ]] || return 1; COMPREPLY=() ;;	# stat -a: a flag
	-n) [[ $cmd == top ]] || return 1; COMPREPLY=() ;;	# report -n: a flag
	-p | --pid | -t | --tid | -C | --cpu | -c | --count | -F | --freq | -m | --mmap-pages | \
		-I | --interval-print | -x | --field-separator | -d | --delay | --rows | \
		--max-stack | --percent-limit | --maxactive | --add | --del)
		COMPREPLY=()
		;;
	*) return 1 ;;
	esac
	return 0
}

_kprof()
{
	local kprof=${COMP_WORDS[0]} cmd='' i w
	local -a _kprof_words
	local _kprof_cur

	_kprof_split
	local n=$((${#_kprof_words[@]} - 1)) cur=$_kprof_cur
	local prev=${_kprof_words[n - 1]}

	# The command: the first word after the global options.
	for ((i = 1; i < n; i++)); do
		w=${_kprof_words[i]}
		case $w in
		-*) ;;
		*) cmd=$w; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			_kprof_reply "$("$kprof" --list-opts 2>/dev/null)" "$cur"
		else
			_kprof_reply "$("$kprof" --list-cmds 2>/dev/null)" "$cur"
		fi
		return
	fi
	# After `--` comes the command to run: complete it as bash would.
	for ((i = i + 1; i < n; i++)); do
		if [[ ${_kprof_words[i]} == -- ]]; then
			if ((i == n - 1)); then
				mapfile -t COMPREPLY < <(compgen -c -- "$cur")
			else
				mapfile -t COMPREPLY < <(compgen -f -- "$cur")
				compopt -o filenames 2>/dev/null
			fi
			return
		fi
	done
	if [[ $cmd == help ]]; then
		_kprof_reply "$("$kprof" --list-cmds 2>/dev/null)" "$cur"
		return
	fi
	# --opt=VALUE
	if [[ $cur == --*=* ]]; then
		_kprof_optarg "$kprof" "${cur%%=*}" "${cur#*=}" "${cur%%=*}=" || COMPREPLY=()
		return
	fi
	if [[ $prev == -* ]] && _kprof_optarg "$kprof" "$prev" "$cur" ""; then
		return
	fi
	if [[ $cur == -* ]]; then
		_kprof_reply "$("$kprof" "$cmd" --list-opts 2>/dev/null)" "$cur"
		return
	fi
	case $cmd in
	list) _kprof_reply "hw sw pmu tracepoint probe" "$cur" ;;
	report) ;;
	*)
		mapfile -t COMPREPLY < <(compgen -c -- "$cur")
		;;
	esac
}

complete -F _kprof kprof
