// SPDX-License-Identifier: GPL-2.0
/* lib/probe/spec.c: every spelling of a probe spec, and every error message. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/probe/spec.h"
#include "tests/unit/tap.h"

struct good {
	enum kp_probe_kind opt;
	const char *str;
	enum kp_probe_kind kind;
	const char *binary, *symbol;
	unsigned long long addr, offset;
	int glob, nr_args;
};

static const struct good goods[] = {
	{ KP_PROBE_KPROBE, "do_sys_openat2", KP_PROBE_KPROBE, NULL, "do_sys_openat2", 0, 0, 0, 0 },
	{ KP_PROBE_KPROBE, "vfs_read+16", KP_PROBE_KPROBE, NULL, "vfs_read", 0, 16, 0, 0 },
	{ KP_PROBE_KPROBE, "vfs_read+0x10", KP_PROBE_KPROBE, NULL, "vfs_read", 0, 16, 0, 0 },
	{ KP_PROBE_KPROBE, "vfs_read%return", KP_PROBE_KRETPROBE, NULL, "vfs_read", 0, 0, 0, 0 },
	{ KP_PROBE_KRETPROBE, "vfs_read", KP_PROBE_KRETPROBE, NULL, "vfs_read", 0, 0, 0, 0 },
	{ KP_PROBE_KRETPROBE, "vfs_read%return", KP_PROBE_KRETPROBE, NULL, "vfs_read", 0, 0, 0, 0 },
	{ KP_PROBE_KPROBE, "vfs_*", KP_PROBE_KPROBE, NULL, "vfs_*", 0, 0, 1, 0 },
	{ KP_PROBE_KPROBE, "tcp_v[46]_rcv", KP_PROBE_KPROBE, NULL, "tcp_v[46]_rcv", 0, 0, 1, 0 },
	{ KP_PROBE_KPROBE, "do_sys_open?", KP_PROBE_KPROBE, NULL, "do_sys_open?", 0, 0, 1, 0 },
	{ KP_PROBE_KPROBE, "0xffffffff81000000", KP_PROBE_KPROBE, NULL, NULL, 0xffffffff81000000ULL,
	  0, 0, 0 },
	{ KP_PROBE_KPROBE, "  schedule  ", KP_PROBE_KPROBE, NULL, "schedule", 0, 0, 0, 0 },
	{ KP_PROBE_KPROBE, "ext4_file_open.isra.0", KP_PROBE_KPROBE, NULL, "ext4_file_open.isra.0",
	  0, 0, 0, 0 },
	{ KP_PROBE_KPROBE, "do_sys_openat2 dfd=%di filename=+0(%si):string", KP_PROBE_KPROBE, NULL,
	  "do_sys_openat2", 0, 0, 0, 2 },
	{ KP_PROBE_KRETPROBE, "vfs_read $retval", KP_PROBE_KRETPROBE, NULL, "vfs_read", 0, 0, 0, 1 },
	{ KP_PROBE_UPROBE, "./app:main", KP_PROBE_UPROBE, "./app", "main", 0, 0, 0, 0 },
	{ KP_PROBE_UPROBE, "/usr/bin/bash:readline+4", KP_PROBE_UPROBE, "/usr/bin/bash", "readline",
	  0, 4, 0, 0 },
	{ KP_PROBE_UPROBE, "libc:malloc", KP_PROBE_UPROBE, "libc", "malloc", 0, 0, 0, 0 },
	{ KP_PROBE_UPROBE, "libc:malloc%return", KP_PROBE_URETPROBE, "libc", "malloc", 0, 0, 0, 0 },
	{ KP_PROBE_URETPROBE, "libc:malloc", KP_PROBE_URETPROBE, "libc", "malloc", 0, 0, 0, 0 },
	{ KP_PROBE_UPROBE, "./app:parse_*", KP_PROBE_UPROBE, "./app", "parse_*", 0, 0, 1, 0 },
	{ KP_PROBE_UPROBE, "/a:b/app:f", KP_PROBE_UPROBE, "/a:b/app", "f", 0, 0, 0, 0 },
	{ KP_PROBE_UPROBE, "./app:f x=%ax", KP_PROBE_UPROBE, "./app", "f", 0, 0, 0, 1 },
	{ KP_PROBE_UPROBE, "./app:_ZN3foo3barEv", KP_PROBE_UPROBE, "./app", "_ZN3foo3barEv", 0, 0, 0,
	  0 },
	{ KP_PROBE_UPROBE, "./app:memcpy@GLIBC_2.14", KP_PROBE_UPROBE, "./app", "memcpy@GLIBC_2.14",
	  0, 0, 0, 0 },
};

struct bad {
	enum kp_probe_kind opt;
	const char *str;
	const char *err;
};

static const struct bad bads[] = {
	{ KP_PROBE_KPROBE, "", "bad probe '-k ': empty spec" },
	{ KP_PROBE_KPROBE, "   ", "bad probe '-k    ': empty spec" },
	{ KP_PROBE_UPROBE, "app", "bad probe '-u app': expected BIN:SYM" },
	{ KP_PROBE_URETPROBE, ":main", "bad probe '-U :main': no binary before ':'" },
	{ KP_PROBE_UPROBE, "./app:", "bad probe '-u ./app:': no symbol" },
	{ KP_PROBE_KPROBE, "+4", "bad probe '-k +4': no symbol" },
	{ KP_PROBE_KPROBE, "vfs_read+", "bad probe '-k vfs_read+': bad offset ''" },
	{ KP_PROBE_KPROBE, "vfs_read+x1", "bad probe '-k vfs_read+x1': bad offset 'x1'" },
	{ KP_PROBE_KPROBE, "vfs_read+1+2", "bad probe '-k vfs_read+1+2': bad offset '1+2'" },
	{ KP_PROBE_KPROBE, "vfs_read%ret",
	  "bad probe '-k vfs_read%ret': unknown suffix '%ret' (only %return)" },
	{ KP_PROBE_KRETPROBE, "vfs_read+4",
	  "bad probe '-r vfs_read+4': a return probe takes no offset" },
	{ KP_PROBE_KPROBE, "vfs_read+4%return",
	  "bad probe '-k vfs_read+4%return': a return probe takes no offset" },
	{ KP_PROBE_URETPROBE, "./app:f+1", "bad probe '-U ./app:f+1': a return probe takes no offset" },
	{ KP_PROBE_KPROBE, "vfs_*+4", "bad probe '-k vfs_*+4': a glob takes no offset" },
	{ KP_PROBE_KPROBE, "ext4:ext4_sync_file",
	  "bad probe '-k ext4:ext4_sync_file': a kernel symbol has no ':' (user space: -u BIN:SYM)" },
	{ KP_PROBE_KRETPROBE, "m:f",
	  "bad probe '-r m:f': a kernel symbol has no ':' (user space: -U BIN:SYM)" },
	{ KP_PROBE_KPROBE, "0xzz", "bad probe '-k 0xzz': bad address '0xzz'" },
	{ KP_PROBE_KPROBE, "0x0", "bad probe '-k 0x0': bad address '0x0'" },
	{ KP_PROBE_KPROBE, "0x10+4", "bad probe '-k 0x10+4': an address takes no offset" },
	{ KP_PROBE_KPROBE, "vfs/read", "bad probe '-k vfs/read': bad character '/' in symbol 'vfs/read'" },
	{ KP_PROBE_UPROBE, "./app:f(x)", "bad probe '-u ./app:f(x)': bad character '(' in symbol 'f(x)'" },
	{ KP_PROBE_KPROBE, "f 1x=%di", "bad probe '-k f 1x=%di': bad argument name '1x'" },
	{ KP_PROBE_KPROBE, "f x=", "bad probe '-k f x=': argument 'x' has nothing after '='" },
	{ KP_PROBE_KPROBE, "f =%di", "bad probe '-k f =%di': bad argument name ''" },
};

int main(void)
{
	struct kp_probe_spec spec;
	char err[256];

	for (size_t i = 0; i < sizeof(goods) / sizeof(goods[0]); i++) {
		const struct good *g = &goods[i];

		err[0] = 0;
		if (!check_int(kp_probe_spec__parse(&spec, g->opt, g->str, err, sizeof(err)), ==, 0)) {
			tap_diag("spec '%s': %s", g->str, err);
			continue;
		}
		check_int(spec.kind, ==, g->kind);
		check_str(spec.str, g->str);
		if (g->binary)
			check_str(spec.binary, g->binary);
		else
			check(spec.binary == NULL);
		if (g->symbol)
			check_str(spec.symbol, g->symbol);
		else
			check(spec.symbol == NULL);
		check_uint(spec.addr, ==, g->addr);
		check_uint(spec.offset, ==, g->offset);
		check_int(spec.is_glob, ==, g->glob);
		check_int(spec.nr_args, ==, g->nr_args);
		check_int(spec.backend, ==, g->nr_args ? KP_BACKEND_TRACEFS : KP_BACKEND_AUTO);
		kp_probe_spec__exit(&spec);
	}

	/* Arguments are kept as given, named or not. */
	check_int(kp_probe_spec__parse(&spec, KP_PROBE_KPROBE,
				       "do_sys_openat2  dfd=%di\tfilename=+0(%si):string %dx", err,
				       sizeof(err)), ==, 0);
	check_int(spec.nr_args, ==, 3);
	check_str(spec.args[0].name, "dfd");
	check_str(spec.args[0].fetch, "%di");
	check_str(spec.args[1].name, "filename");
	check_str(spec.args[1].fetch, "+0(%si):string");
	check(spec.args[2].name == NULL);
	check_str(spec.args[2].fetch, "%dx");
	kp_probe_spec__exit(&spec);

	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		const struct bad *b = &bads[i];

		err[0] = 0;
		check_int(kp_probe_spec__parse(&spec, b->opt, b->str, err, sizeof(err)), ==, -EINVAL);
		check_str(err, b->err);
		/* A failed parse leaves nothing to free. */
		check(spec.str == NULL && spec.symbol == NULL && spec.binary == NULL);
	}

	check_int(kp_probe_kind__opt(KP_PROBE_KPROBE), ==, 'k');
	check_int(kp_probe_kind__opt(KP_PROBE_URETPROBE), ==, 'U');
	check(kp_probe_kind__is_user(KP_PROBE_URETPROBE) && !kp_probe_kind__is_user(KP_PROBE_KPROBE));
	check(kp_probe_kind__is_return(KP_PROBE_KRETPROBE) && !kp_probe_kind__is_return(KP_PROBE_UPROBE));
	return test_done();
}
