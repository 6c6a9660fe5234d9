// SPDX-License-Identifier: GPL-2.0
/* cc-fp's call structure built without frame pointers: only DWARF unwinding sees it. */
#pragma GCC optimize("omit-frame-pointer")
#include "cc-fp.c"
