/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one reference model of the KUnit suites: the mappings a test made,
 * each an IOVA range and the physical address of its first byte, in a
 * maple tree. Every suite derives what a translation must give from it,
 * never from the code under test. The functions take the model's mutex,
 * so that the threads of the concurrency suite can share one; a mapping
 * is returned by copy, never as a pointer another thread may free.
 */
#ifndef __GENERIC_PT_KUNIT_MODEL_H
#define __GENERIC_PT_KUNIT_MODEL_H

#include <kunit/test.h>
#include <linux/maple_tree.h>
#include <linux/mutex.h>
#include <linux/slab.h>

/**
 * struct kpt_model_map - one mapping of the reference model
 * @iova: first IOVA
 * @len: length in bytes
 * @pa: physical address of @iova
 */
struct kpt_model_map {
	unsigned long iova;
	unsigned long len;
	phys_addr_t pa;
};

/**
 * struct kpt_model - the mappings a test made
 * @tree: the mappings, each stored over its IOVA range
 * @lock: serialises every function below
 * @num: mappings in @tree
 * @live: the model is initialised
 */
struct kpt_model {
	struct maple_tree tree;
	struct mutex lock; /* @tree and @num */
	unsigned long num;
	bool live;
};

static inline void kpt_model_init(struct kpt_model *model)
{
	mt_init(&model->tree);
	mutex_init(&model->lock);
	model->num = 0;
	model->live = true;
}

/* Forget every mapping; safe on a model never initialised */
static inline void kpt_model_destroy(struct kpt_model *model)
{
	struct kpt_model_map *m;
	unsigned long index = 0;

	if (!model->live)
		return;
	mt_for_each(&model->tree, m, index, ULONG_MAX)
		kfree(m);
	mtree_destroy(&model->tree);
	model->num = 0;
	model->live = false;
}

/* Add [iova, iova + len) at @pa; -EEXIST when it overlaps a mapping */
static inline int kpt_model_add(struct kpt_model *model, unsigned long iova,
				unsigned long len, phys_addr_t pa)
{
	struct kpt_model_map *m = kmalloc(sizeof(*m), GFP_KERNEL);
	int ret;

	if (!m)
		return -ENOMEM;
	m->iova = iova;
	m->len = len;
	m->pa = pa;
	mutex_lock(&model->lock);
	ret = mtree_insert_range(&model->tree, iova, iova + (len - 1), m,
				 GFP_KERNEL);
	model->num += !ret;
	mutex_unlock(&model->lock);
	if (ret)
		kfree(m);
	return ret;
}

/* The first mapping touching [first, last], copied to @out */
static inline bool kpt_model_find(struct kpt_model *model, unsigned long first,
				  unsigned long last, struct kpt_model_map *out)
{
	struct kpt_model_map *m;

	mutex_lock(&model->lock);
	m = mt_find(&model->tree, &first, last);
	if (m)
		*out = *m;
	mutex_unlock(&model->lock);
	return m;
}

/* Is anything of [first, last] mapped? */
static inline bool kpt_model_busy(struct kpt_model *model, unsigned long first,
				  unsigned long last)
{
	struct kpt_model_map m;

	return kpt_model_find(model, first, last, &m);
}

/* The model's translation of @iova, 0 where nothing is mapped */
static inline phys_addr_t kpt_model_phys(struct kpt_model *model,
					 unsigned long iova)
{
	struct kpt_model_map m;

	if (!kpt_model_find(model, iova, iova, &m))
		return 0;
	return m.pa + (iova - m.iova);
}

/*
 * The bytes of the mappings touching [first, last], counted whole; with
 * @remove only of those wholly inside, which it removes.
 */
static inline unsigned long kpt_model_span(struct kpt_model *model,
					   unsigned long first,
					   unsigned long last, bool remove)
{
	unsigned long index = first, bytes = 0;
	struct kpt_model_map *m;

	mutex_lock(&model->lock);
	mt_for_each(&model->tree, m, index, last) {
		if (!remove) {
			bytes += m->len;
			continue;
		}
		if (m->iova < first || m->iova + (m->len - 1) > last)
			continue;
		mtree_erase(&model->tree, m->iova);
		bytes += m->len;
		model->num--;
		kfree(m);
	}
	mutex_unlock(&model->lock);
	return bytes;
}

/*
 * Remove the mappings that lie wholly inside [first, last]; the bytes
 * they held. A mapping only partly inside stays: a caller that expects
 * none can look for it with kpt_model_find().
 */
static inline unsigned long kpt_model_remove(struct kpt_model *model,
					     unsigned long first,
					     unsigned long last)
{
	return kpt_model_span(model, first, last, true);
}

/* Bytes of the mappings touching [first, last], counted whole */
static inline unsigned long kpt_model_bytes(struct kpt_model *model,
					    unsigned long first,
					    unsigned long last)
{
	return kpt_model_span(model, first, last, false);
}

/* Mapping number @n in IOVA order, copied to @out; false past the end */
static inline bool kpt_model_nth(struct kpt_model *model, unsigned long n,
				 struct kpt_model_map *out)
{
	struct kpt_model_map *m;
	unsigned long index = 0;
	bool found = false;

	mutex_lock(&model->lock);
	mt_for_each(&model->tree, m, index, ULONG_MAX) {
		if (!n--) {
			*out = *m;
			found = true;
			break;
		}
	}
	mutex_unlock(&model->lock);
	return found;
}

/*
 * Every mapping of the model, in IOVA order, with the model unchanged
 * meanwhile (no other thread writes it).
 */
#define kpt_model_for_each(model, m, index) \
	mt_for_each(&(model)->tree, m, index, ULONG_MAX)

/*
 * @kd translates [first, last] as the model says: the first and the last
 * byte of every mapping in it, and of every hole between them.
 */
static inline void kpt_model_check(struct kunit *test, struct kpt_model *model,
				   struct kpt_domain *kd, unsigned long first,
				   unsigned long last)
{
	unsigned long at = first;
	struct kpt_model_map m;

	while (at <= last) {
		bool more = kpt_model_find(model, at, last, &m);
		unsigned long hole_end = more ? m.iova - 1 : last;

		if (!more || m.iova > at) {
			KUNIT_EXPECT_EQ_MSG(test, kpt_phys(kd, at), 0,
					    "hole at %#lx", at);
			KUNIT_EXPECT_EQ_MSG(test, kpt_phys(kd, hole_end), 0,
					    "hole ending at %#lx", hole_end);
		}
		if (!more)
			return;
		/* A mapping may begin before @first */
		at = max(at, m.iova);
		KUNIT_EXPECT_EQ_MSG(test, kpt_phys(kd, at),
				    m.pa + (at - m.iova), "iova %#lx", at);
		KUNIT_EXPECT_EQ_MSG(test, kpt_phys(kd, m.iova + (m.len - 1)),
				    m.pa + (m.len - 1), "mapping %#lx+%#lx",
				    m.iova, m.len);
		if (m.iova + (m.len - 1) >= last)
			return;
		at = m.iova + m.len;
	}
}

#endif
