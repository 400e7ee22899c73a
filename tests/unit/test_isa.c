/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for dev/isa.c, the ports of the virtual PC that no device
 * claims: all ones of the access size, port 0x80, PCI configuration
 * mechanism #1 with no device (as Linux's pci_check_type1() and
 * pci_check_type2() probe it), the absent i8042 (as Linux's i8042_flush()
 * drains it) and the reset requests on 0x64 and 0x92.
 * Build: make build/host/test_isa
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dev/isa.h"

static uint32_t in(struct isa *b, uint16_t port, unsigned int size)
{
	uint32_t v = 0x12345678;

	assert_int_equal(isa_io(b, port, size, true, &v), ISA_EV_NONE);
	return v;
}

static enum isa_event out(struct isa *b, uint16_t port, unsigned int size,
			  uint32_t v)
{
	return isa_io(b, port, size, false, &v);
}

static void unclaimed(void **state)
{
	struct isa b;

	(void)state;
	isa_init(&b);
	assert_int_equal(isa_all_ones(1), 0xff);
	assert_int_equal(isa_all_ones(2), 0xffff);
	assert_int_equal(isa_all_ones(4), 0xffffffff);
	assert_int_equal(in(&b, 0x3f0, 1), 0xff);
	assert_int_equal(in(&b, 0x1f0, 2), 0xffff);
	assert_int_equal(in(&b, 0xc000, 4), 0xffffffff);
	assert_int_equal(out(&b, 0x3f0, 1, 0), ISA_EV_NONE);
	assert_int_equal(in(&b, 0x3f0, 1), 0xff);
	/* Port 0x80: written for a delay, nothing there. */
	assert_int_equal(out(&b, ISA_PORT_POST, 1, 0x42), ISA_EV_NONE);
	assert_int_equal(in(&b, ISA_PORT_POST, 1), 0xff);
}

static void pci_no_device(void **state)
{
	struct isa b;
	uint32_t tmp;

	(void)state;
	isa_init(&b);
	/* pci_check_type1() */
	assert_int_equal(out(&b, 0xcfb, 1, 0x01), ISA_EV_NONE);
	tmp = in(&b, 0xcf8, 4);
	assert_int_equal(out(&b, 0xcf8, 4, 0x80000000), ISA_EV_NONE);
	assert_int_equal(in(&b, 0xcf8, 4), 0x80000000);
	/* Bus 0, device 0, function 0, vendor and class: nothing. */
	out(&b, 0xcf8, 4, 0x80000000);
	assert_int_equal(in(&b, 0xcfc, 2), 0xffff);
	out(&b, 0xcf8, 4, 0x80000008);
	assert_int_equal(in(&b, 0xcfc, 4), 0xffffffff);
	assert_int_equal(in(&b, 0xcfe, 2), 0xffff);
	assert_int_equal(out(&b, 0xcfc, 4, 0), ISA_EV_NONE);
	assert_int_equal(in(&b, 0xcfc, 4), 0xffffffff);
	out(&b, 0xcf8, 4, tmp);
	/* Bits 1:0 of the address are 0; bytes do not reach it. */
	out(&b, 0xcf8, 4, 0x8000f807);
	assert_int_equal(in(&b, 0xcf8, 4), 0x8000f804);
	out(&b, 0xcf8, 1, 0);
	assert_int_equal(in(&b, 0xcf8, 4), 0x8000f804);
	/* pci_check_type2(): the byte registers are not there. */
	out(&b, 0xcfb, 1, 0);
	out(&b, 0xcf8, 1, 0);
	out(&b, 0xcfa, 1, 0);
	assert_int_equal(in(&b, 0xcf8, 1), 0xff);
	assert_int_equal(in(&b, 0xcfa, 1), 0xff);
}

/* i8042_flush(): read data while the status says it has some, at most
 * I8042_BUFFER_SIZE (16) times; all 16 means no controller. */
static void no_i8042(void **state)
{
	struct isa b;
	unsigned int count = 0;

	(void)state;
	isa_init(&b);
	while (in(&b, ISA_PORT_KBD_CMD, 1) & 0x01) {
		if (count++ >= 16)
			break;
		(void)in(&b, ISA_PORT_KBD_DATA, 1);
	}
	assert_int_equal(count, 17);	/* 16 reads, then -EIO */
	assert_int_equal(in(&b, ISA_PORT_KBD_DATA, 1), 0xff);
	/* Other commands and data are ignored. */
	assert_int_equal(out(&b, ISA_PORT_KBD_CMD, 1, 0xaa), ISA_EV_NONE);
	assert_int_equal(out(&b, ISA_PORT_KBD_DATA, 1, 0xfe), ISA_EV_NONE);
	assert_int_equal(b.resets, 0);
}

static void reset_requests(void **state)
{
	struct isa b;

	(void)state;
	isa_init(&b);
	assert_int_equal(out(&b, ISA_PORT_KBD_CMD, 1, 0xfe), ISA_EV_RESET);
	assert_int_equal(b.resets, 1);
	/* Port 0x92: A20 reads as on; bit 0 resets. */
	assert_int_equal(in(&b, ISA_PORT_SYS_A, 1), SYS_A_A20);
	assert_int_equal(in(&b, ISA_PORT_SYS_A, 2), 0xff00 | SYS_A_A20);
	assert_int_equal(out(&b, ISA_PORT_SYS_A, 1, 0x00), ISA_EV_NONE);
	assert_int_equal(in(&b, ISA_PORT_SYS_A, 1), SYS_A_A20);
	assert_int_equal(out(&b, ISA_PORT_SYS_A, 1, SYS_A_A20), ISA_EV_NONE);
	assert_int_equal(out(&b, ISA_PORT_SYS_A, 1,
			     SYS_A_A20 | SYS_A_FAST_RESET), ISA_EV_RESET);
	assert_int_equal(b.resets, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unclaimed),
		cmocka_unit_test(pci_no_device),
		cmocka_unit_test(no_i8042),
		cmocka_unit_test(reset_requests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
