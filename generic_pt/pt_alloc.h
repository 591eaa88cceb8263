/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared inside the generic_pt module only: pt_alloc.c and pt_debugfs.c */
#ifndef __GENERIC_PT_PT_ALLOC_H
#define __GENERIC_PT_PT_ALLOC_H

/*
 * From now on free table pages of a gather only after an RCU grace
 * period: a debugfs reader walks tables under rcu_read_lock().
 */
void pt_table_free_after_rcu(void);

#endif
