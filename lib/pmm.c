/* SPDX-License-Identifier: MIT */
/*
 * Physical frame allocator: a bitmap, one bit per 4 KiB frame, set while the
 * frame is in use.  The bits past nframes in the last word stay set forever,
 * so whole-word scans never see them as free.
 *
 * p->hint is kept at or below the lowest free frame (allocation moves it up,
 * freeing moves it down), which makes "first free at or after the hint" the
 * lowest free frame; the scans still wrap around in case a caller moved it.
 */
#include "lib/pmm.h"

#define LOW_MEMORY (1024ull * 1024ull)	/* BIOS, real-mode and trampolines */
#define ALL_USED UINT64_MAX

/* Set bits in @v; by hand, as __builtin_popcountll may call libgcc. */
static uint64_t popcount64(uint64_t v)
{
	v = v - ((v >> 1) & 0x5555555555555555ull);
	v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
	v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (v * 0x0101010101010101ull) >> 56;
}

/* Bits [lo, hi) of a word, 0 <= lo < hi <= 64. */
static uint64_t word_mask(uint64_t lo, uint64_t hi)
{
	uint64_t upto = hi == 64 ? ALL_USED : (1ull << hi) - 1;

	return upto & ~((1ull << lo) - 1);
}

static bool frame_used(const struct pmm *p, uint64_t f)
{
	return p->bitmap[f / 64] >> (f % 64) & 1;
}

/*
 * Marks frames [first, end) used or free, a word at a time, and returns
 * how many changed state.  @end must not exceed nframes.
 */
static uint64_t mark(struct pmm *p, uint64_t first, uint64_t end, bool used)
{
	uint64_t changed = 0, f, w, mask;

	for (f = first; f < end; f = (w + 1) * 64) {
		w = f / 64;
		mask = word_mask(f % 64, end - w * 64 < 64 ? end - w * 64 : 64);
		if (used) {
			changed += popcount64(~p->bitmap[w] & mask);
			p->bitmap[w] |= mask;
		} else {
			changed += popcount64(p->bitmap[w] & mask);
			p->bitmap[w] &= ~mask;
		}
	}
	return changed;
}

/*
 * First frame in [from, to) whose bit is @used, or @to if none; @to must
 * not exceed nframes.
 */
static uint64_t find(const struct pmm *p, uint64_t from, uint64_t to,
		     bool used)
{
	uint64_t f, w, bits;

	for (f = from; f < to; f = (w + 1) * 64) {
		w = f / 64;
		bits = used ? p->bitmap[w] : ~p->bitmap[w];
		bits &= word_mask(f % 64, 64);
		if (bits) {
			f = w * 64 + (uint64_t)__builtin_ctzll(bits);
			return f < to ? f : to;
		}
	}
	return to;
}

/* base + len, or UINT64_MAX if that does not fit. */
static uint64_t range_end(uint64_t base, uint64_t len)
{
	return len > UINT64_MAX - base ? UINT64_MAX : base + len;
}

void pmm_init(struct pmm *p, uint64_t *bitmap, uint64_t nframes)
{
	uint64_t w;

	p->bitmap = bitmap;
	p->nframes = nframes;
	p->free_frames = 0;
	p->hint = 0;
	for (w = 0; w < (nframes + 63) / 64; w++)
		bitmap[w] = ALL_USED;
}

void pmm_add_free(struct pmm *p, uint64_t base, uint64_t len)
{
	uint64_t end = range_end(base, len) / PAGE_SIZE;
	uint64_t first = base / PAGE_SIZE + (base % PAGE_SIZE != 0);

	if (end > p->nframes)
		end = p->nframes;
	if (first >= end)
		return;
	p->free_frames += mark(p, first, end, false);
	if (first < p->hint)
		p->hint = first;
}

void pmm_reserve(struct pmm *p, uint64_t base, uint64_t len)
{
	uint64_t end = range_end(base, len);
	uint64_t first = base / PAGE_SIZE;

	if (!len)
		return;
	end = end / PAGE_SIZE + (end % PAGE_SIZE != 0);
	if (end > p->nframes)
		end = p->nframes;
	if (first >= end)
		return;
	p->free_frames -= mark(p, first, end, true);
}

/*
 * Expects @p fresh from pmm_init().  Ranges the map does not call available
 * are reserved again after the available ones are freed, because firmware
 * maps do overlap and the more careful claim must win.
 */
void pmm_init_from_boot(struct pmm *p, const struct boot_info *bi,
			const struct pmm_range *res, size_t nres)
{
	const struct boot_mem_range *r;
	unsigned int i;
	size_t j;

	for (i = 0; i < bi->mmap_count; i++) {
		r = &bi->mmap[i];
		if (r->type == BOOT_MEM_AVAILABLE)
			pmm_add_free(p, r->base, r->len);
	}
	for (i = 0; i < bi->mmap_count; i++) {
		r = &bi->mmap[i];
		if (r->type != BOOT_MEM_AVAILABLE)
			pmm_reserve(p, r->base, r->len);
	}
	/* Frame 0 included: a zero physical address must never be handed out. */
	pmm_reserve(p, 0, LOW_MEMORY);
	for (j = 0; j < nres; j++)
		pmm_reserve(p, res[j].base, res[j].len);
	pmm_reserve(p, bi->table_start, bi->table_end - bi->table_start);
	for (i = 0; i < bi->module_count; i++)
		pmm_reserve(p, bi->modules[i].start,
			    bi->modules[i].end - bi->modules[i].start);
}

uint64_t pmm_alloc(struct pmm *p)
{
	uint64_t start = p->hint < p->nframes ? p->hint : 0;
	uint64_t f;

	if (!p->free_frames)
		return PMM_NONE;
	f = find(p, start, p->nframes, false);
	if (f == p->nframes) {
		f = find(p, 0, start, false);
		if (f == start)
			return PMM_NONE;
	}
	mark(p, f, f + 1, true);
	p->free_frames--;
	p->hint = f + 1;
	return f * PAGE_SIZE;
}

/* @x rounded up to a multiple of @align, or @limit if that is not below it. */
static uint64_t align_up(uint64_t x, uint64_t align, uint64_t limit)
{
	uint64_t rem = x % align;

	if (!rem)
		return x;
	if (align - rem >= limit - x)
		return limit;
	return x + (align - rem);
}

/* Lowest aligned start of @count free frames at or after @from, or nframes. */
static uint64_t find_run(const struct pmm *p, uint64_t from, uint64_t count,
			 uint64_t align)
{
	uint64_t n = p->nframes, s = from, used;

	while (s < n) {
		s = align_up(find(p, s, n, false), align, n);
		if (s >= n || count > n - s)
			break;
		used = find(p, s, s + count, true);
		if (used == s + count)
			return s;
		s = used + 1;
	}
	return n;
}

uint64_t pmm_alloc_contig(struct pmm *p, uint64_t count, uint64_t align_frames)
{
	uint64_t align = align_frames ? align_frames : 1;
	uint64_t start = p->hint < p->nframes ? p->hint : 0;
	uint64_t s;

	if (!count || count > p->free_frames)
		return PMM_NONE;
	s = find_run(p, start, count, align);
	if (s == p->nframes && start)
		s = find_run(p, 0, count, align);
	if (s == p->nframes)
		return PMM_NONE;
	mark(p, s, s + count, true);
	p->free_frames -= count;
	if (s == p->hint)
		p->hint = s + count;
	return s * PAGE_SIZE;
}

bool pmm_free(struct pmm *p, uint64_t addr)
{
	uint64_t f = addr / PAGE_SIZE;

	if (addr % PAGE_SIZE || f >= p->nframes || !frame_used(p, f))
		return false;
	mark(p, f, f + 1, false);
	p->free_frames++;
	if (f < p->hint)
		p->hint = f;
	return true;
}
