// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite of the emulated HPA380, checked against the datasheet
 * (Documentation/sound/codecs/hpa380.rst) through raw I2C transfers on the
 * model's adapter, as regmap-i2c makes them: a write is one message
 * [reg, data...], a read is [reg] then a read of N bytes. No driver.
 *
 * The register definitions below are typed from the datasheet again, on
 * purpose: the suite is a second reading of the datasheet, not of the model.
 */

#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/delay.h>
#include <linux/i2c.h>
#include <linux/ktime.h>
#include <linux/limits.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "../model/hpa380-model.h"
#include "hpa380-test-compat.h"

#define ADDR		0x60

#define R_CHIP_ID	0x00
#define R_REV_ID	0x01
#define R_SW_RESET	0x02
#define R_POWER		0x03
#define R_OUT_EN	0x04
#define R_OUT_CFG	0x05
#define R_VOL_L		0x06
#define R_VOL_R		0x07
#define R_MUTE		0x08
#define R_DET_CTRL	0x09
#define R_DET_STATUS	0x0a
#define R_DET_ZL_MSB	0x0b
#define R_DET_ZL_LSB	0x0c
#define R_DET_ZR_MSB	0x0d
#define R_DET_ZR_LSB	0x0e
#define R_JACK_STATUS	0x0f
#define R_FAULT		0x10
#define R_IRQ_STATUS	0x11
#define R_IRQ_MASK	0x12
#define R_STATUS	0x13
#define NUM_REGS	0x14

#define REF_EN		BIT(0)
#define INL_EN		BIT(1)
#define INR_EN		BIT(2)
#define ALL_POWER	(REF_EN | INL_EN | INR_EN)

#define HPLP_EN		BIT(0)
#define HPLN_EN		BIT(1)
#define HPRP_EN		BIT(2)
#define HPRN_EN		BIT(3)
#define UNBAL_STAGES	(HPLP_EN | HPRP_EN)
#define BAL_STAGES	(HPLP_EN | HPLN_EN | HPRP_EN | HPRN_EN)

#define ROUTE_BAL	BIT(0)
#define GAIN_HIGH	BIT(1)

#define MUTE_L		BIT(0)
#define MUTE_R		BIT(1)
#define MUTE_BOTH	(MUTE_L | MUTE_R)

#define DET_START	BIT(0)
#define DET_JACK_BAL	BIT(1)
#define DET_ABORT	BIT(2)

#define DET_BUSY	BIT(0)
#define DET_DONE	BIT(1)
#define DET_ERR_UNMUTED	BIT(2)
#define DET_ABORTED	BIT(3)
#define DET_TYPE(t)	((t) << 4)
#define TYPE_NONE	1
#define TYPE_UNBAL	2
#define TYPE_BAL	3
#define TYPE_SHORT	4

#define SE_PRESENT	BIT(0)
#define BAL_PRESENT	BIT(1)

#define FAULT_OC	BIT(0)
#define FAULT_OT	BIT(1)
#define FAULT_SHORT	BIT(2)

#define IRQ_JACK	BIT(0)
#define IRQ_DET		BIT(1)
#define IRQ_FAULT	BIT(2)
#define IRQ_ALL		(IRQ_JACK | IRQ_DET | IRQ_FAULT)

#define REF_READY	BIT(0)
#define RAMP_BUSY	BIT(1)
#define AUTO_MUTE	BIT(2)

#define OPEN		U32_MAX

/*
 * Timed cases check a state right after the write that starts a delay, then
 * wait for its end: SLOW_US is long enough that no check right after a write
 * can miss the window on a loaded machine; STEP_US is the t_REF and t_RAMP
 * of the sequence tables, WAIT_US outlasts it.
 */
#define SLOW_US		50000
#define SLOW_MS		(SLOW_US / 1000)
#define WAIT_MS		(SLOW_MS * 20)		/* give up after */
#define STEP_US		10000
#define WAIT_US		12000
#define MAX_IRQ_CALLS	16

/* Fast timing for cases that are not about timing; det_us: see below. */
static const struct hpa380_model_timing fast_timing = {
	.boot_us = 0,
	.ref_us = 0,
	.ramp_us = 0,
	.det_us = 1000,
	.deb_in_us = 0,
	.deb_out_us = 0,
};

struct hmt_priv {
	struct hpa380_model *m;
	struct i2c_adapter *adap;
	spinlock_t irq_lock;		/* the three below */
	unsigned int irq_calls;
	bool irq_level[MAX_IRQ_CALLS];
};

/* ---- bus and model helpers ---- */

static int hmt_write_buf(struct kunit *test, u8 reg, const u8 *data, u16 len)
{
	struct hmt_priv *p = test->priv;
	u8 buf[64];
	struct i2c_msg msg = {
		.addr = ADDR, .flags = 0, .len = len + 1, .buf = buf,
	};
	int ret;

	KUNIT_ASSERT_LT(test, len, sizeof(buf));
	buf[0] = reg;
	memcpy(buf + 1, data, len);
	ret = i2c_transfer(p->adap, &msg, 1);
	return ret == 1 ? 0 : ret < 0 ? ret : -EIO;
}

static int hmt_read_buf(struct kunit *test, u8 reg, u8 *data, u16 len)
{
	struct hmt_priv *p = test->priv;
	struct i2c_msg msgs[2] = {
		{ .addr = ADDR, .flags = 0, .len = 1, .buf = &reg },
		{ .addr = ADDR, .flags = I2C_M_RD, .len = len, .buf = data },
	};
	int ret;

	ret = i2c_transfer(p->adap, msgs, 2);
	return ret == 2 ? 0 : ret < 0 ? ret : -EIO;
}

static void wr(struct kunit *test, u8 reg, u8 val)
{
	KUNIT_ASSERT_EQ_MSG(test, hmt_write_buf(test, reg, &val, 1), 0,
			    "write 0x%02x to 0x%02x", val, reg);
}

static u8 rd(struct kunit *test, u8 reg)
{
	u8 val = 0;

	KUNIT_ASSERT_EQ_MSG(test, hmt_read_buf(test, reg, &val, 1), 0,
			    "read 0x%02x", reg);
	return val;
}

static struct hpa380_model *model(struct kunit *test)
{
	return ((struct hmt_priv *)test->priv)->m;
}

static void set_timing(struct kunit *test, const struct hpa380_model_timing *t)
{
	hpa380_model_set_timing(model(test), t);
}

/* Change one field of the model's timing. */
#define SET_TIMING(test, field, us) do {				\
	struct hpa380_model *__m = model(test);				\
	struct hpa380_model_timing __t;					\
	hpa380_model_get_timing(__m, &__t);				\
	__t.field = (us);						\
	hpa380_model_set_timing(__m, &__t);				\
} while (0)

/* Poll @reg (without bus traffic) until (@reg & @mask) == @val. */
static bool wait_reg(struct kunit *test, u8 reg, u8 mask, u8 val,
		     unsigned int timeout_ms)
{
	ktime_t end = ktime_add_ms(ktime_get(), timeout_ms);

	do {
		if ((hpa380_model_peek(model(test), reg) & mask) == val)
			return true;
		usleep_range(100, 200);
	} while (ktime_before(ktime_get(), end));
	return (hpa380_model_peek(model(test), reg) & mask) == val;
}

static s64 us_since(ktime_t t)
{
	return ktime_us_delta(ktime_get(), t);
}

static void hmt_irq_cb(void *data, bool asserted)
{
	struct hmt_priv *p = data;
	unsigned long flags;

	spin_lock_irqsave(&p->irq_lock, flags);
	if (p->irq_calls < MAX_IRQ_CALLS)
		p->irq_level[p->irq_calls] = asserted;
	p->irq_calls++;
	spin_unlock_irqrestore(&p->irq_lock, flags);
}

static unsigned int irq_calls(struct kunit *test)
{
	struct hmt_priv *p = test->priv;
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&p->irq_lock, flags);
	n = p->irq_calls;
	spin_unlock_irqrestore(&p->irq_lock, flags);
	return n;
}

static bool irq_call_level(struct kunit *test, unsigned int i)
{
	struct hmt_priv *p = test->priv;

	KUNIT_ASSERT_LT(test, i, MAX_IRQ_CALLS);
	return p->irq_level[i];
}

/* Reference settled, then the inputs: the datasheet's order. */
static void power_up_inputs(struct kunit *test)
{
	wr(test, R_POWER, REF_EN);
	KUNIT_ASSERT_TRUE(test, wait_reg(test, R_STATUS, REF_READY, REF_READY, 100));
	wr(test, R_POWER, ALL_POWER);
}

/*
 * The DAC plays a 1 kHz sine at -20 dBFS: at volume code 180 (-10 dB) its
 * peak is 94 mV at each stage (datasheet 3.1: 2.1 Vrms full scale), well
 * above what the datasheet calls audible (3.2: steps above 1 mV).
 */
#define TONE_HZ		1000
#define TONE_M20DBFS	214748365	/* 0x7fffffff / 10 */
#define VOL_AUDIBLE	180

static void play_tone(struct kunit *test)
{
	hpa380_model_set_tone(model(test), TONE_HZ, TONE_M20DBFS);
}

/* Outputs playing: reference settled, inputs and plus stages on, unmuted. */
static void start_playing(struct kunit *test)
{
	power_up_inputs(test);
	wr(test, R_VOL_L, 100);
	wr(test, R_VOL_R, 100);
	wr(test, R_MUTE, 0);
	wr(test, R_OUT_EN, UNBAL_STAGES);
	KUNIT_ASSERT_TRUE(test, wait_reg(test, R_STATUS, RAMP_BUSY, 0, 100));
}

static int hmt_init(struct kunit *test)
{
	struct hmt_priv *p;

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	spin_lock_init(&p->irq_lock);
	p->m = hpa380_model_create(ADDR);
	KUNIT_ASSERT_NOT_NULL(test, p->m);
	p->adap = hpa380_model_adapter(p->m);
	hpa380_model_set_irq_callback(p->m, hmt_irq_cb, p);
	test->priv = p;
	return 0;
}

static void hmt_exit(struct kunit *test)
{
	struct hmt_priv *p = test->priv;

	if (p)
		hpa380_model_destroy(p->m);
}

/* ---- register file ---- */

struct reg_value {
	const char *name;
	u8 reg;
	u8 val;
};

/* Section 6, with no plug in either jack. */
static const struct reg_value reset_values[] = {
	{ "CHIP_ID", R_CHIP_ID, 0x38 },
	{ "REV_ID", R_REV_ID, 0x10 },
	{ "SW_RESET", R_SW_RESET, 0x00 },
	{ "POWER", R_POWER, 0x00 },
	{ "OUT_EN", R_OUT_EN, 0x00 },
	{ "OUT_CFG", R_OUT_CFG, 0x00 },
	{ "VOL_L", R_VOL_L, 0x00 },
	{ "VOL_R", R_VOL_R, 0x00 },
	{ "MUTE", R_MUTE, 0x03 },
	{ "DET_CTRL", R_DET_CTRL, 0x00 },
	{ "DET_STATUS", R_DET_STATUS, 0x00 },
	{ "DET_ZL_MSB", R_DET_ZL_MSB, 0x00 },
	{ "DET_ZL_LSB", R_DET_ZL_LSB, 0x00 },
	{ "DET_ZR_MSB", R_DET_ZR_MSB, 0x00 },
	{ "DET_ZR_LSB", R_DET_ZR_LSB, 0x00 },
	{ "JACK_STATUS", R_JACK_STATUS, 0x00 },
	{ "FAULT", R_FAULT, 0x00 },
	{ "IRQ_STATUS", R_IRQ_STATUS, 0x00 },
	{ "IRQ_MASK", R_IRQ_MASK, 0x07 },
	{ "STATUS", R_STATUS, 0x00 },
	{ "above_map_0x14", 0x14, 0x00 },
	{ "above_map_0x80", 0x80, 0x00 },
	{ "above_map_0xff", 0xff, 0x00 },
};

KUNIT_ARRAY_PARAM_DESC(reset_values, reset_values, name);

static void register_reads_its_reset_value(struct kunit *test)
{
	const struct reg_value *c = test->param_value;

	KUNIT_EXPECT_EQ(test, rd(test, c->reg), c->val);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(model(test), c->reg), c->val);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(model(test)), 0);
}

static void burst_read_of_whole_map_matches_reset_values(struct kunit *test)
{
	u8 buf[NUM_REGS + 2];
	int i;

	memset(buf, 0xaa, sizeof(buf));
	KUNIT_ASSERT_EQ(test, hmt_read_buf(test, 0x00, buf, sizeof(buf)), 0);
	for (i = 0; i < NUM_REGS; i++)
		KUNIT_EXPECT_EQ_MSG(test, buf[i], reset_values[i].val,
				    "register 0x%02x", i);
	/* The pointer runs past 0x13: reads 0x00. */
	KUNIT_EXPECT_EQ(test, buf[NUM_REGS], 0);
	KUNIT_EXPECT_EQ(test, buf[NUM_REGS + 1], 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_xfer_count(model(test)), 1);
}

static void set_chip_id_changes_id_across_reset(struct kunit *test)
{
	set_timing(test, &fast_timing);
	hpa380_model_set_chip_id(model(test), 0x42);
	KUNIT_EXPECT_EQ(test, rd(test, R_CHIP_ID), 0x42);
	wr(test, R_SW_RESET, 0x01);
	KUNIT_EXPECT_EQ(test, rd(test, R_CHIP_ID), 0x42);
	KUNIT_EXPECT_EQ(test, rd(test, R_REV_ID), 0x10);
}

/* Read-only registers and addresses above 0x13: write ignored, counted. */
static const struct reg_value read_only_writes[] = {
	{ "CHIP_ID", R_CHIP_ID, 0x38 },
	{ "REV_ID", R_REV_ID, 0x10 },
	{ "DET_STATUS", R_DET_STATUS, 0x00 },
	{ "DET_ZL_MSB", R_DET_ZL_MSB, 0x00 },
	{ "DET_ZL_LSB", R_DET_ZL_LSB, 0x00 },
	{ "DET_ZR_MSB", R_DET_ZR_MSB, 0x00 },
	{ "DET_ZR_LSB", R_DET_ZR_LSB, 0x00 },
	{ "JACK_STATUS", R_JACK_STATUS, 0x00 },
	{ "STATUS", R_STATUS, 0x00 },
	{ "above_map_0x14", 0x14, 0x00 },
	{ "above_map_0xff", 0xff, 0x00 },
};

KUNIT_ARRAY_PARAM_DESC(read_only_writes, read_only_writes, name);

static void read_only_write_is_ignored_and_counted(struct kunit *test)
{
	const struct reg_value *c = test->param_value;

	/* Every byte is acknowledged. */
	KUNIT_EXPECT_EQ(test, hmt_write_buf(test, c->reg, (u8[]){ 0xa5 }, 1), 0);
	KUNIT_EXPECT_EQ(test, rd(test, c->reg), c->val);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(model(test)), 1);
	KUNIT_EXPECT_EQ(test, hpa380_model_pops(model(test)), 0);
}

struct reserved_case {
	const char *name;
	u8 reg;
	u8 write;
	u8 readback;
	unsigned int illegal;
};

static const struct reserved_case reserved_cases[] = {
	{ "POWER_bits_7_3", R_POWER, 0xf8, 0x00, 1 },
	{ "POWER_ref_en_with_reserved", R_POWER, 0x81, 0x01, 1 },
	{ "OUT_EN_bits_7_4", R_OUT_EN, 0xf0, 0x00, 1 },
	{ "OUT_CFG_bits_7_4", R_OUT_CFG, 0xf2, 0x02, 1 },
	{ "MUTE_bits_7_2", R_MUTE, 0xfd, 0x01, 1 },
	{ "DET_CTRL_bits_7_3", R_DET_CTRL, 0xf8, 0x00, 1 },
	{ "IRQ_MASK_bits_7_3", R_IRQ_MASK, 0xfc, 0x04, 1 },
	{ "FAULT_bits_7_3", R_FAULT, 0xf8, 0x00, 1 },
	{ "IRQ_STATUS_bits_7_3", R_IRQ_STATUS, 0xf8, 0x00, 1 },
	{ "SW_RESET_bits_7_1", R_SW_RESET, 0xfe, 0x00, 1 },
	/* Reserved values, not reserved bits: kept, read back as written. */
	{ "VOL_L_reserved_code_255", R_VOL_L, 0xff, 0xff, 0 },
	{ "VOL_R_reserved_code_201", R_VOL_R, 201, 201, 0 },
	{ "OUT_CFG_reserved_ilim_3", R_OUT_CFG, 0x0c, 0x0c, 0 },
};

KUNIT_ARRAY_PARAM_DESC(reserved_cases, reserved_cases, name);

static void reserved_bits_are_ignored_and_counted(struct kunit *test)
{
	const struct reserved_case *c = test->param_value;

	set_timing(test, &fast_timing);
	wr(test, R_IRQ_MASK, 0x05);	/* a non-reset value SW_RESET would undo */
	wr(test, c->reg, c->write);
	KUNIT_EXPECT_EQ(test, rd(test, c->reg), c->readback);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(model(test)), c->illegal);
	if (c->reg != R_IRQ_MASK)
		KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_MASK), 0x05);
}

static void irq_status_and_fault_clear_on_write_one(struct kunit *test)
{
	hpa380_model_inject_fault(model(test), FAULT_OC | FAULT_SHORT, false);
	KUNIT_EXPECT_EQ(test, rd(test, R_FAULT), FAULT_OC | FAULT_SHORT);
	KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_STATUS), IRQ_FAULT);

	/* Writing 0, or 1 to a clear bit, changes nothing. */
	wr(test, R_IRQ_STATUS, 0x00);
	wr(test, R_IRQ_STATUS, IRQ_JACK | IRQ_DET);
	KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_STATUS), IRQ_FAULT);
	wr(test, R_FAULT, 0x00);
	wr(test, R_FAULT, FAULT_OT);
	KUNIT_EXPECT_EQ(test, rd(test, R_FAULT), FAULT_OC | FAULT_SHORT);

	wr(test, R_FAULT, FAULT_OC);
	KUNIT_EXPECT_EQ(test, rd(test, R_FAULT), FAULT_SHORT);
	wr(test, R_IRQ_STATUS, IRQ_FAULT);
	KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_STATUS), 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(model(test)), 0);
}

/* Registers a test programs before SW_RESET or a power cycle. */
static const struct reg_value programmed[] = {
	{ "POWER", R_POWER, REF_EN },
	{ "OUT_CFG", R_OUT_CFG, ROUTE_BAL | GAIN_HIGH | 0x04 },
	{ "VOL_L", R_VOL_L, 150 },
	{ "VOL_R", R_VOL_R, 120 },
	{ "MUTE", R_MUTE, MUTE_L },
	{ "DET_CTRL", R_DET_CTRL, DET_JACK_BAL },
	{ "IRQ_MASK", R_IRQ_MASK, 0x00 },
};

static void program_registers(struct kunit *test)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(programmed); i++) {
		wr(test, programmed[i].reg, programmed[i].val);
		KUNIT_ASSERT_EQ(test, rd(test, programmed[i].reg), programmed[i].val);
	}
}

/* Every register at its reset value; JACK_STATUS follows the plugs. */
static void expect_reset_values(struct kunit *test, u8 jack_status)
{
	u8 buf[NUM_REGS];
	int i;

	KUNIT_ASSERT_EQ(test, hmt_read_buf(test, 0x00, buf, sizeof(buf)), 0);
	for (i = 0; i < NUM_REGS; i++)
		KUNIT_EXPECT_EQ_MSG(test, buf[i],
				    i == R_JACK_STATUS ? jack_status : reset_values[i].val,
				    "register 0x%02x", i);
}

static void sw_reset_restores_reset_values_after_t_boot(struct kunit *test)
{
	u8 id;

	SET_TIMING(test, boot_us, SLOW_US);
	SET_TIMING(test, ref_us, 0);
	program_registers(test);
	hpa380_model_inject_fault(model(test), FAULT_OT, true);

	wr(test, R_SW_RESET, 0x01);
	/* During t_BOOT the chip NAKs its address: counted as illegal. */
	KUNIT_EXPECT_EQ(test, hmt_read_buf(test, R_CHIP_ID, &id, 1), -ENXIO);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(model(test)), 1);

	msleep(SLOW_MS + 10);
	expect_reset_values(test, 0);
	/* Faults cleared, their cause too. */
	wr(test, R_FAULT, FAULT_OT);
	KUNIT_EXPECT_EQ(test, rd(test, R_FAULT), 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(model(test)), 1);
}

static void sw_reset_write_of_zero_has_no_effect(struct kunit *test)
{
	set_timing(test, &fast_timing);
	program_registers(test);
	wr(test, R_SW_RESET, 0x00);
	KUNIT_EXPECT_EQ(test, rd(test, R_VOL_L), 150);
	KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_MASK), 0x00);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(model(test)), 0);
}

static void sw_reset_naks_rest_of_its_burst(struct kunit *test)
{
	SET_TIMING(test, boot_us, SLOW_US);
	/* SW_RESET then POWER in one burst: the chip is booting at POWER. */
	KUNIT_EXPECT_EQ(test, hmt_write_buf(test, R_SW_RESET, (u8[]){ 0x01, REF_EN }, 2),
			-EIO);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(model(test)), 1);
	msleep(SLOW_MS + 10);
	KUNIT_EXPECT_EQ(test, rd(test, R_POWER), 0x00);
}

/* ---- auto-increment ---- */

static void burst_write_auto_increments(struct kunit *test)
{
	const struct hpa380_model_xfer *x;

	hpa380_model_log_clear(model(test));
	KUNIT_ASSERT_EQ(test, hmt_write_buf(test, R_VOL_L, (u8[]){ 100, 200, 0x01 }, 3), 0);
	KUNIT_EXPECT_EQ(test, rd(test, R_VOL_L), 100);
	KUNIT_EXPECT_EQ(test, rd(test, R_VOL_R), 200);
	KUNIT_EXPECT_EQ(test, rd(test, R_MUTE), 0x01);

	x = hpa380_model_xfer(model(test), 0);
	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_EXPECT_FALSE(test, x->read);
	KUNIT_EXPECT_EQ(test, x->reg, R_VOL_L);
	KUNIT_EXPECT_EQ(test, x->len, 3);
	KUNIT_EXPECT_EQ(test, x->data[0], 100);
	KUNIT_EXPECT_EQ(test, x->data[1], 200);
	KUNIT_EXPECT_EQ(test, x->data[2], 0x01);
}

static void burst_read_of_results_auto_increments(struct kunit *test)
{
	u8 buf[4];

	set_timing(test, &fast_timing);
	hpa380_model_plug(model(test), HPA380_MODEL_JACK_SE, 32000, 300000,
			  HPA380_MODEL_LOAD_UNBALANCED);
	wr(test, R_DET_CTRL, DET_START);
	KUNIT_ASSERT_TRUE(test, wait_reg(test, R_DET_STATUS, DET_BUSY, 0, WAIT_MS));
	KUNIT_ASSERT_EQ(test, hmt_read_buf(test, R_DET_ZL_MSB, buf, 4), 0);
	KUNIT_EXPECT_EQ(test, buf[0], 0x01);	/* 320 = 0x0140 */
	KUNIT_EXPECT_EQ(test, buf[1], 0x40);
	KUNIT_EXPECT_EQ(test, buf[2], 0x0b);	/* 3000 = 0x0bb8 */
	KUNIT_EXPECT_EQ(test, buf[3], 0xb8);
}

static void burst_write_across_read_only_counts_each_byte(struct kunit *test)
{
	/* IRQ_MASK (RW), STATUS (RO), 0x14 (none). */
	KUNIT_EXPECT_EQ(test, hmt_write_buf(test, R_IRQ_MASK, (u8[]){ 0x05, 0xff, 0xff }, 3),
			0);
	KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_MASK), 0x05);
	KUNIT_EXPECT_EQ(test, rd(test, R_STATUS), 0x00);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(model(test)), 2);
}

static void read_without_address_continues_at_pointer(struct kunit *test)
{
	struct hmt_priv *p = test->priv;
	u8 val = 0;
	struct i2c_msg msg = {
		.addr = ADDR, .flags = I2C_M_RD, .len = 1, .buf = &val,
	};

	KUNIT_EXPECT_EQ(test, rd(test, R_CHIP_ID), 0x38);
	KUNIT_ASSERT_EQ(test, i2c_transfer(p->adap, &msg, 1), 1);
	KUNIT_EXPECT_EQ(test, val, 0x10);	/* REV_ID */
}

/* ---- reference and ramps ---- */

static void ref_ready_sets_t_ref_after_ref_en(struct kunit *test)
{
	ktime_t start;

	SET_TIMING(test, ref_us, SLOW_US);
	start = ktime_get();
	wr(test, R_POWER, REF_EN);
	KUNIT_EXPECT_EQ(test, rd(test, R_STATUS) & REF_READY, 0);
	KUNIT_ASSERT_TRUE(test, wait_reg(test, R_STATUS, REF_READY, REF_READY, WAIT_MS));
	KUNIT_EXPECT_GE(test, us_since(start), SLOW_US);
	KUNIT_EXPECT_EQ(test, rd(test, R_STATUS), REF_READY);

	wr(test, R_POWER, 0);
	KUNIT_EXPECT_EQ(test, rd(test, R_STATUS), 0);
}

struct ramp_case {
	const char *name;
	u8 reg;
	u8 val;
	bool busy;
};

/* From playing (VOL 100/100, unmuted, plus stages on). */
static const struct ramp_case ramp_cases[] = {
	{ "mute", R_MUTE, MUTE_BOTH, true },
	{ "mute_one_channel", R_MUTE, MUTE_R, true },
	{ "volume_change", R_VOL_L, 120, true },
	{ "volume_to_code_0", R_VOL_R, 0, true },
	{ "stage_soft_stop", R_OUT_EN, 0, true },
	{ "minus_stage_in_unbalanced_is_ignored", R_OUT_EN, BAL_STAGES, false },
	{ "same_volume", R_VOL_L, 100, false },
	{ "gain_switches_without_ramp", R_OUT_CFG, GAIN_HIGH, false },
};

KUNIT_ARRAY_PARAM_DESC(ramp_cases, ramp_cases, name);

static void ramp_busy_for_t_ramp_after_change(struct kunit *test)
{
	const struct ramp_case *c = test->param_value;
	ktime_t start;

	set_timing(test, &fast_timing);
	start_playing(test);
	SET_TIMING(test, ramp_us, SLOW_US);

	start = ktime_get();
	wr(test, c->reg, c->val);
	if (!c->busy) {
		KUNIT_EXPECT_EQ(test, rd(test, R_STATUS) & RAMP_BUSY, 0);
		return;
	}
	KUNIT_EXPECT_EQ(test, rd(test, R_STATUS) & RAMP_BUSY, RAMP_BUSY);
	KUNIT_ASSERT_TRUE(test, wait_reg(test, R_STATUS, RAMP_BUSY, 0, WAIT_MS));
	KUNIT_EXPECT_GE(test, us_since(start), SLOW_US);
}

static void stage_soft_start_sets_ramp_busy(struct kunit *test)
{
	set_timing(test, &fast_timing);
	power_up_inputs(test);
	SET_TIMING(test, ramp_us, SLOW_US);
	wr(test, R_OUT_EN, HPLP_EN);
	KUNIT_EXPECT_EQ(test, rd(test, R_STATUS), REF_READY | RAMP_BUSY);
	KUNIT_ASSERT_TRUE(test, wait_reg(test, R_STATUS, RAMP_BUSY, 0, WAIT_MS));
	KUNIT_EXPECT_EQ(test, hpa380_model_pops(model(test)), 0);
}

/*
 * ---- pops: sequences of writes, judged at the loads ----
 *
 * The model finds pops in its output (datasheet 3.2), with a tone playing:
 * an OUT_CFG gain change while sound passes is one, a route or limit change
 * below the limit is none; a bias transient is one when a stage is on to
 * carry it to a load, none otherwise.
 */

#define WAIT		0xff	/* step: sleep past t_REF and t_RAMP */

struct step {
	u8 reg;
	u8 val;
};

/* The datasheet's power-up (section 7) to playing, unmuted. */
static const struct step playing[] = {
	{ R_POWER, REF_EN }, { WAIT, 0 }, { R_POWER, ALL_POWER },
	{ R_VOL_L, VOL_AUDIBLE }, { R_VOL_R, VOL_AUDIBLE }, { R_MUTE, 0 },
	{ R_OUT_EN, UNBAL_STAGES }, { WAIT, 0 },
};

#define PLAYING		true	/* start from playing[] */
#define IDLE		false	/* start from reset */

struct pop_case {
	const char *name;
	bool playing;
	struct step steps[8];
	unsigned int pops;
};

static const struct pop_case pop_cases[] = {
	{ "datasheet_power_up_is_silent", PLAYING, { }, 0 },
	{ "datasheet_power_down_is_silent", PLAYING, {
		{ R_OUT_EN, 0 }, { WAIT, 0 }, { R_POWER, REF_EN },
		{ R_POWER, 0 } }, 0 },
	{ "gain_while_playing", PLAYING, { { R_OUT_CFG, GAIN_HIGH } }, 1 },
	{ "gain_and_route_while_playing", PLAYING, {
		{ R_OUT_CFG, GAIN_HIGH | ROUTE_BAL } }, 1 },
	{ "ilim_while_playing_below_the_limit", PLAYING, { { R_OUT_CFG, 0x04 } }, 0 },
	{ "route_while_playing_into_open_jacks", PLAYING, {
		{ R_OUT_EN, BAL_STAGES }, { WAIT, 0 }, { R_OUT_CFG, ROUTE_BAL } }, 0 },
	{ "out_cfg_after_mute_ramp", PLAYING, {
		{ R_MUTE, MUTE_BOTH }, { WAIT, 0 }, { R_OUT_CFG, GAIN_HIGH },
		{ R_MUTE, 0 } }, 0 },
	{ "route_change_datasheet_section_8", PLAYING, {
		{ R_MUTE, MUTE_BOTH }, { WAIT, 0 }, { R_OUT_CFG, ROUTE_BAL },
		{ R_OUT_EN, BAL_STAGES }, { WAIT, 0 }, { R_MUTE, 0 } }, 0 },
	{ "gain_during_mute_ramp", PLAYING, {
		{ R_MUTE, MUTE_BOTH }, { R_OUT_CFG, GAIN_HIGH } }, 1 },
	{ "gain_with_one_channel_muted", PLAYING, {
		{ R_MUTE, MUTE_L }, { WAIT, 0 }, { R_OUT_CFG, GAIN_HIGH } }, 1 },
	{ "gain_at_volume_code_0", PLAYING, {
		{ R_VOL_L, 0 }, { R_VOL_R, 0 }, { WAIT, 0 },
		{ R_OUT_CFG, GAIN_HIGH } }, 0 },
	{ "gain_during_soft_stop", PLAYING, {
		{ R_OUT_EN, 0 }, { R_OUT_CFG, GAIN_HIGH } }, 1 },
	{ "gain_with_stages_off", IDLE, {
		{ R_MUTE, 0 }, { R_VOL_L, 100 }, { R_OUT_CFG, GAIN_HIGH } }, 0 },
	{ "out_cfg_same_value_while_playing", PLAYING, { { R_OUT_CFG, 0 } }, 0 },
	{ "ilim_reserved_3_acts_as_400mA", PLAYING, {
		{ R_MUTE, MUTE_BOTH }, { WAIT, 0 }, { R_OUT_CFG, 0x08 },
		{ R_MUTE, 0 }, { WAIT, 0 }, { R_OUT_CFG, 0x0c } }, 0 },
	{ "stage_before_ref_ready", IDLE, {
		{ R_POWER, REF_EN }, { R_OUT_EN, HPLP_EN } }, 1 },
	{ "stage_without_ref", IDLE, { { R_OUT_EN, HPRP_EN } }, 1 },
	{ "input_before_ref_ready_reaches_no_load", IDLE, {
		{ R_POWER, REF_EN | INL_EN } }, 0 },
	{ "input_before_ref_ready_with_a_stage_on", IDLE, {
		{ R_OUT_EN, HPLP_EN }, { WAIT, 0 }, { R_POWER, REF_EN | INL_EN } }, 2 },
	{ "minus_stage_stays_off_in_unbalanced", IDLE, {
		{ R_OUT_EN, HPLN_EN | HPRN_EN } }, 0 },
	{ "route_enables_minus_stage_before_ref", IDLE, {
		{ R_OUT_EN, HPLN_EN }, { R_OUT_CFG, ROUTE_BAL } }, 1 },
	{ "ref_cleared_with_stage_on", IDLE, {
		{ R_POWER, REF_EN }, { WAIT, 0 }, { R_OUT_EN, HPLP_EN },
		{ WAIT, 0 }, { R_POWER, 0 } }, 1 },
	{ "ref_cleared_with_input_on_reaches_no_load", IDLE, {
		{ R_POWER, REF_EN }, { WAIT, 0 }, { R_POWER, ALL_POWER },
		{ R_POWER, INL_EN } }, 0 },
	{ "ref_cleared_during_soft_stop", PLAYING, {
		{ R_OUT_EN, 0 }, { R_POWER, INL_EN | INR_EN }, { R_POWER, 0 } }, 1 },
	{ "ref_cleared_during_ramp_reaches_no_load", IDLE, {
		{ R_POWER, REF_EN }, { WAIT, 0 }, { R_MUTE, 0 }, { R_VOL_L, 50 },
		{ R_POWER, 0 } }, 0 },
	{ "sw_reset_while_playing", PLAYING, { { R_SW_RESET, 1 } }, 1 },
	{ "sw_reset_muted_with_stages_on", PLAYING, {
		{ R_MUTE, MUTE_BOTH }, { WAIT, 0 }, { R_SW_RESET, 1 } }, 1 },
	{ "sw_reset_in_standby", IDLE, {
		{ R_MUTE, 0 }, { R_VOL_L, 100 }, { R_SW_RESET, 1 } }, 0 },
	{ "ref_and_inputs_cleared_together", IDLE, {
		{ R_POWER, REF_EN }, { WAIT, 0 }, { R_POWER, ALL_POWER },
		{ R_POWER, 0 } }, 0 },
};

KUNIT_ARRAY_PARAM_DESC(pop_cases, pop_cases, name);

static void run_steps(struct kunit *test, const struct step *steps, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (!steps[i].reg && !steps[i].val)
			break;	/* unused tail: CHIP_ID is never written */
		if (steps[i].reg == WAIT)
			usleep_range(WAIT_US, WAIT_US + 1000);
		else
			wr(test, steps[i].reg, steps[i].val);
	}
}

static void run_case_steps(struct kunit *test, bool from_playing,
			   const struct step *steps, int n)
{
	if (from_playing)
		run_steps(test, playing, ARRAY_SIZE(playing));
	run_steps(test, steps, n);
}

static void misuse_counts_pops(struct kunit *test)
{
	const struct pop_case *c = test->param_value;
	static const struct hpa380_model_timing t = {
		.boot_us = 0, .ref_us = STEP_US, .ramp_us = STEP_US,
		.det_us = 1000, .deb_in_us = 0, .deb_out_us = 0,
	};

	set_timing(test, &t);
	play_tone(test);
	run_case_steps(test, c->playing, c->steps, ARRAY_SIZE(c->steps));
	KUNIT_EXPECT_EQ(test, hpa380_model_pops(model(test)), c->pops);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(model(test)), 0);
}

/* ---- load detection ---- */

struct det_case {
	const char *name;
	u8 det_jack;			/* DET_CTRL.DET_JACK */
	bool plugged;
	u32 left, right;		/* milliohms */
	enum hpa380_model_topology topology;
	u16 zl, zr;
	u8 type;
};

static const struct det_case det_cases[] = {
	{ "no_plug_reads_open", 0, false, 0, 0, 0, 0xffff, 0xffff, TYPE_NONE },
	{ "open_load_reads_none", 0, true, OPEN, OPEN,
	  HPA380_MODEL_LOAD_UNBALANCED, 0xffff, 0xffff, TYPE_NONE },
	{ "16_ohm_unbalanced_3_5mm", 0, true, 16000, 16000,
	  HPA380_MODEL_LOAD_UNBALANCED, 160, 160, TYPE_UNBAL },
	{ "300_ohm_balanced_4_4mm", DET_JACK_BAL, true, 300000, 300000,
	  HPA380_MODEL_LOAD_BALANCED, 3000, 3000, TYPE_BAL },
	{ "short_left_channel", 0, true, 500, 32000,
	  HPA380_MODEL_LOAD_UNBALANCED, 0x0000, 320, TYPE_SHORT },
	{ "short_right_balanced", DET_JACK_BAL, true, 300000, 0,
	  HPA380_MODEL_LOAD_BALANCED, 3000, 0x0000, TYPE_SHORT },
	{ "just_below_2_ohm_is_short", 0, true, 1999, 1999,
	  HPA380_MODEL_LOAD_UNBALANCED, 0x0000, 0x0000, TYPE_SHORT },
	{ "2_ohm_edge_is_measured", 0, true, 2000, 2000,
	  HPA380_MODEL_LOAD_UNBALANCED, 20, 20, TYPE_UNBAL },
	{ "2_kohm_edge_is_measured", DET_JACK_BAL, true, 2000000, 2000000,
	  HPA380_MODEL_LOAD_BALANCED, 20000, 20000, TYPE_BAL },
	{ "just_above_2_kohm_is_open", 0, true, 2000001, 2000001,
	  HPA380_MODEL_LOAD_UNBALANCED, 0xffff, 0xffff, TYPE_NONE },
	{ "one_channel_open", 0, true, 32000, OPEN,
	  HPA380_MODEL_LOAD_UNBALANCED, 320, 0xffff, TYPE_UNBAL },
	{ "rounds_to_nearest_0_1_ohm", 0, true, 32049, 32050,
	  HPA380_MODEL_LOAD_UNBALANCED, 320, 321, TYPE_UNBAL },
};

KUNIT_ARRAY_PARAM_DESC(det_cases, det_cases, name);

static void detection_measures_selected_jack(struct kunit *test)
{
	const struct det_case *c = test->param_value;
	enum hpa380_model_jack jack = c->det_jack ? HPA380_MODEL_JACK_BAL :
						    HPA380_MODEL_JACK_SE;
	enum hpa380_model_jack other = c->det_jack ? HPA380_MODEL_JACK_SE :
						     HPA380_MODEL_JACK_BAL;
	u8 buf[5];
	ktime_t start;

	set_timing(test, &fast_timing);
	SET_TIMING(test, det_us, SLOW_US);
	/* A different load in the other jack must not be measured. */
	hpa380_model_plug(model(test), other, 47000, 47000,
			  HPA380_MODEL_LOAD_BALANCED);
	if (c->plugged)
		hpa380_model_plug(model(test), jack, c->left, c->right, c->topology);
	wr(test, R_IRQ_STATUS, IRQ_ALL);

	start = ktime_get();
	wr(test, R_DET_CTRL, DET_START | c->det_jack);
	KUNIT_EXPECT_EQ(test, rd(test, R_DET_CTRL), DET_START | c->det_jack);
	KUNIT_ASSERT_EQ(test, hmt_read_buf(test, R_DET_STATUS, buf, 5), 0);
	KUNIT_EXPECT_EQ(test, buf[0], DET_BUSY);
	KUNIT_EXPECT_EQ(test, buf[1] | buf[2] | buf[3] | buf[4], 0);
	KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_STATUS), 0);

	KUNIT_ASSERT_TRUE(test, wait_reg(test, R_DET_STATUS, DET_BUSY, 0, WAIT_MS));
	KUNIT_EXPECT_GE(test, us_since(start), SLOW_US);
	KUNIT_ASSERT_EQ(test, hmt_read_buf(test, R_DET_STATUS, buf, 5), 0);
	KUNIT_EXPECT_EQ(test, buf[0], DET_DONE | DET_TYPE(c->type));
	KUNIT_EXPECT_EQ(test, (buf[1] << 8) | buf[2], c->zl);
	KUNIT_EXPECT_EQ(test, (buf[3] << 8) | buf[4], c->zr);
	KUNIT_EXPECT_EQ(test, rd(test, R_DET_CTRL), c->det_jack);
	KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_STATUS), IRQ_DET);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(model(test)), 0);
}

struct refuse_case {
	const char *name;
	bool playing;
	struct step steps[8];
	bool fault;			/* then a fault, and t_RAMP */
	bool refused;
};

static const struct refuse_case refuse_cases[] = {
	{ "playing", PLAYING, { }, false, true },
	{ "one_channel_unmuted", PLAYING, {
		{ R_MUTE, MUTE_L }, { WAIT, 0 } }, false, true },
	{ "mute_ramp_running", PLAYING, { { R_MUTE, MUTE_BOTH } }, false, true },
	{ "soft_stop_running", PLAYING, { { R_OUT_EN, 0 } }, false, true },
	{ "both_muted_ramp_done", PLAYING, {
		{ R_MUTE, MUTE_BOTH }, { WAIT, 0 } }, false, false },
	{ "stages_off_unmuted", IDLE, {
		{ R_POWER, REF_EN }, { WAIT, 0 }, { R_POWER, ALL_POWER },
		{ R_VOL_L, 100 }, { R_VOL_R, 100 }, { R_MUTE, 0 }, { WAIT, 0 } },
	  false, false },
	{ "volume_code_0", PLAYING, {
		{ R_VOL_L, 0 }, { R_VOL_R, 0 }, { WAIT, 0 } }, false, false },
	{ "auto_muted_by_fault", PLAYING, { }, true, false },
};

KUNIT_ARRAY_PARAM_DESC(refuse_cases, refuse_cases, name);

static void detection_refused_while_output_audible(struct kunit *test)
{
	const struct refuse_case *c = test->param_value;
	static const struct hpa380_model_timing t = {
		.boot_us = 0, .ref_us = STEP_US, .ramp_us = STEP_US,
		.det_us = 0, .deb_in_us = 0, .deb_out_us = 0,
	};
	u8 buf[5];

	set_timing(test, &t);
	run_case_steps(test, c->playing, c->steps, ARRAY_SIZE(c->steps));
	if (c->fault) {
		hpa380_model_inject_fault(model(test), FAULT_OC, false);
		usleep_range(WAIT_US, WAIT_US + 1000);
	}
	wr(test, R_IRQ_STATUS, IRQ_ALL);

	wr(test, R_DET_CTRL, DET_START);
	KUNIT_ASSERT_EQ(test, hmt_read_buf(test, R_DET_STATUS, buf, 5), 0);
	if (c->refused) {
		KUNIT_EXPECT_EQ(test, buf[0], DET_ERR_UNMUTED);
		KUNIT_EXPECT_EQ(test, rd(test, R_DET_CTRL), 0);
		KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_STATUS), IRQ_DET);
	} else {
		KUNIT_EXPECT_EQ(test, buf[0], DET_BUSY);
		KUNIT_EXPECT_EQ(test, rd(test, R_DET_CTRL), DET_START);
		KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_STATUS) & IRQ_DET, 0);
	}
	KUNIT_EXPECT_EQ(test, buf[1] | buf[2] | buf[3] | buf[4], 0);
}

static void detection_start_clears_previous_result(struct kunit *test)
{
	set_timing(test, &fast_timing);
	start_playing(test);
	wr(test, R_DET_CTRL, DET_START);
	KUNIT_ASSERT_EQ(test, rd(test, R_DET_STATUS), DET_ERR_UNMUTED);

	wr(test, R_MUTE, MUTE_BOTH);
	SET_TIMING(test, det_us, 0);
	wr(test, R_DET_CTRL, DET_START);
	KUNIT_EXPECT_EQ(test, rd(test, R_DET_STATUS), DET_BUSY);
}

enum abort_cause {
	ABORT_BIT,
	ABORT_UNPLUG_MEASURED,
	ABORT_UNPLUG_OTHER,
	ABORT_FAULT,
	ABORT_SW_RESET,
};

struct abort_case {
	const char *name;
	enum abort_cause cause;
	u8 status;
};

static const struct abort_case abort_cases[] = {
	{ "det_abort_bit", ABORT_BIT, DET_ABORTED },
	{ "unplug_of_measured_jack", ABORT_UNPLUG_MEASURED, DET_ABORTED },
	{ "unplug_of_other_jack_does_not_abort", ABORT_UNPLUG_OTHER, DET_BUSY },
	{ "fault", ABORT_FAULT, DET_ABORTED },
	{ "sw_reset", ABORT_SW_RESET, DET_ABORTED },
};

KUNIT_ARRAY_PARAM_DESC(abort_cases, abort_cases, name);

static void detection_ends_aborted(struct kunit *test)
{
	const struct abort_case *c = test->param_value;
	u8 buf[5];

	set_timing(test, &fast_timing);
	SET_TIMING(test, det_us, 0);		/* would never complete */
	SET_TIMING(test, deb_out_us, SLOW_US);
	hpa380_model_plug(model(test), HPA380_MODEL_JACK_BAL, 300000, 300000,
			  HPA380_MODEL_LOAD_BALANCED);
	hpa380_model_plug(model(test), HPA380_MODEL_JACK_SE, 32000, 32000,
			  HPA380_MODEL_LOAD_UNBALANCED);
	wr(test, R_IRQ_STATUS, IRQ_ALL);
	wr(test, R_DET_CTRL, DET_START | DET_JACK_BAL);
	KUNIT_ASSERT_EQ(test, rd(test, R_DET_STATUS), DET_BUSY);

	switch (c->cause) {
	case ABORT_BIT:
		wr(test, R_DET_CTRL, DET_ABORT | DET_JACK_BAL);
		break;
	case ABORT_UNPLUG_MEASURED:
		hpa380_model_unplug(model(test), HPA380_MODEL_JACK_BAL);
		/* Aborts once the removal is debounced. */
		KUNIT_EXPECT_EQ(test, rd(test, R_DET_STATUS), DET_BUSY);
		msleep(SLOW_MS + 10);
		break;
	case ABORT_UNPLUG_OTHER:
		hpa380_model_unplug(model(test), HPA380_MODEL_JACK_SE);
		msleep(SLOW_MS + 10);
		break;
	case ABORT_FAULT:
		hpa380_model_inject_fault(model(test), FAULT_SHORT, false);
		break;
	case ABORT_SW_RESET:
		wr(test, R_SW_RESET, 0x01);
		break;
	}

	KUNIT_ASSERT_EQ(test, hmt_read_buf(test, R_DET_STATUS, buf, 5), 0);
	KUNIT_EXPECT_EQ(test, buf[0], c->status);
	KUNIT_EXPECT_EQ(test, buf[1] | buf[2] | buf[3] | buf[4], 0);
	KUNIT_EXPECT_EQ(test, rd(test, R_DET_CTRL) & DET_START,
			c->status == DET_BUSY ? DET_START : 0);
	KUNIT_EXPECT_EQ(test, !!(rd(test, R_IRQ_STATUS) & IRQ_DET),
			c->status != DET_BUSY);
}

static void detection_never_completes_when_det_us_is_zero(struct kunit *test)
{
	set_timing(test, &fast_timing);
	SET_TIMING(test, det_us, 0);
	wr(test, R_DET_CTRL, DET_START);
	msleep(30);
	KUNIT_EXPECT_EQ(test, rd(test, R_DET_STATUS), DET_BUSY);
	KUNIT_EXPECT_EQ(test, rd(test, R_DET_CTRL), DET_START);
	KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_STATUS), 0);

	/* A second start while running changes nothing. */
	wr(test, R_DET_CTRL, DET_START);
	KUNIT_EXPECT_EQ(test, rd(test, R_DET_STATUS), DET_BUSY);
	KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_STATUS), 0);
}

static void detection_holds_outputs_muted(struct kunit *test)
{
	set_timing(test, &fast_timing);
	SET_TIMING(test, det_us, 0);
	SET_TIMING(test, ramp_us, STEP_US);
	play_tone(test);
	/* Unmuted but every stage off: the start is accepted. */
	power_up_inputs(test);
	wr(test, R_VOL_L, VOL_AUDIBLE);
	wr(test, R_VOL_R, VOL_AUDIBLE);
	wr(test, R_MUTE, 0);
	wr(test, R_DET_CTRL, DET_START);
	KUNIT_ASSERT_EQ(test, rd(test, R_DET_STATUS), DET_BUSY);

	/* Stages on during the measurement stay silent. */
	wr(test, R_OUT_EN, UNBAL_STAGES);
	usleep_range(WAIT_US, WAIT_US + 1000);
	wr(test, R_OUT_CFG, GAIN_HIGH);
	KUNIT_EXPECT_EQ(test, hpa380_model_pops(model(test)), 0);

	/* Over, they ramp back and play: a gain change is a click again. */
	wr(test, R_DET_CTRL, DET_ABORT);
	usleep_range(WAIT_US, WAIT_US + 1000);
	wr(test, R_OUT_CFG, 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_pops(model(test)), 1);
}

/* ---- jacks ---- */

struct jack_case {
	const char *name;
	enum hpa380_model_jack jack;
	u8 bit;
};

static const struct jack_case jack_cases[] = {
	{ "3_5mm_se_present", HPA380_MODEL_JACK_SE, SE_PRESENT },
	{ "4_4mm_bal_present", HPA380_MODEL_JACK_BAL, BAL_PRESENT },
};

KUNIT_ARRAY_PARAM_DESC(jack_cases, jack_cases, name);

static void jack_change_shows_after_debounce(struct kunit *test)
{
	const struct jack_case *c = test->param_value;
	ktime_t start;

	SET_TIMING(test, deb_in_us, 2 * SLOW_US);
	SET_TIMING(test, deb_out_us, SLOW_US);

	start = ktime_get();
	hpa380_model_plug(model(test), c->jack, 32000, 32000,
			  HPA380_MODEL_LOAD_UNBALANCED);
	KUNIT_EXPECT_EQ(test, rd(test, R_JACK_STATUS), 0);
	KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_STATUS), 0);
	KUNIT_ASSERT_TRUE(test, wait_reg(test, R_JACK_STATUS, 0xff, c->bit, WAIT_MS));
	KUNIT_EXPECT_GE(test, us_since(start), 2 * SLOW_US);
	KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_STATUS), IRQ_JACK);
	wr(test, R_IRQ_STATUS, IRQ_JACK);

	/* Removal debounces over t_DEB_OUT (half of t_DEB_IN here). */
	start = ktime_get();
	hpa380_model_unplug(model(test), c->jack);
	KUNIT_EXPECT_EQ(test, rd(test, R_JACK_STATUS), c->bit);
	KUNIT_ASSERT_TRUE(test, wait_reg(test, R_JACK_STATUS, 0xff, 0, SLOW_MS + 10));
	KUNIT_EXPECT_GE(test, us_since(start), SLOW_US);
	KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_STATUS), IRQ_JACK);
}

static void jack_bounce_shorter_than_debounce_is_ignored(struct kunit *test)
{
	SET_TIMING(test, deb_in_us, SLOW_US);
	hpa380_model_plug(model(test), HPA380_MODEL_JACK_SE, 32000, 32000,
			  HPA380_MODEL_LOAD_UNBALANCED);
	hpa380_model_unplug(model(test), HPA380_MODEL_JACK_SE);
	msleep(SLOW_MS + 10);
	KUNIT_EXPECT_EQ(test, rd(test, R_JACK_STATUS), 0);
	KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_STATUS), 0);
}

/* ---- faults ---- */

struct fault_case {
	const char *name;
	u8 bit;
};

static const struct fault_case fault_cases[] = {
	{ "over_current", FAULT_OC },
	{ "over_temperature", FAULT_OT },
	{ "short", FAULT_SHORT },
};

KUNIT_ARRAY_PARAM_DESC(fault_cases, fault_cases, name);

static void fault_latches_auto_mutes_and_clears(struct kunit *test)
{
	const struct fault_case *c = test->param_value;

	set_timing(test, &fast_timing);
	start_playing(test);
	SET_TIMING(test, ramp_us, STEP_US);
	wr(test, R_VOL_L, VOL_AUDIBLE);
	wr(test, R_VOL_R, VOL_AUDIBLE);
	play_tone(test);
	usleep_range(WAIT_US, WAIT_US + 1000);

	/* The auto-mute ramps down: no pop. */
	hpa380_model_inject_fault(model(test), c->bit, false);
	KUNIT_EXPECT_EQ(test, rd(test, R_FAULT), c->bit);
	KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_STATUS), IRQ_FAULT);
	usleep_range(WAIT_US, WAIT_US + 1000);
	KUNIT_EXPECT_EQ(test, rd(test, R_STATUS), REF_READY | AUTO_MUTE);

	/* Auto-muted: the outputs are silent whatever MUTE says. */
	KUNIT_EXPECT_EQ(test, rd(test, R_MUTE), 0);
	wr(test, R_OUT_CFG, GAIN_HIGH);
	KUNIT_EXPECT_EQ(test, hpa380_model_pops(model(test)), 0);

	wr(test, R_FAULT, c->bit);
	KUNIT_EXPECT_EQ(test, rd(test, R_FAULT), 0);
	usleep_range(WAIT_US, WAIT_US + 1000);
	KUNIT_EXPECT_EQ(test, rd(test, R_STATUS), REF_READY);
	/* Playing again: a gain change is a click. */
	wr(test, R_OUT_CFG, 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_pops(model(test)), 1);
}

static void persistent_fault_relatches_until_cause_removed(struct kunit *test)
{
	hpa380_model_inject_fault(model(test), FAULT_OT, true);
	wr(test, R_IRQ_STATUS, IRQ_FAULT);
	KUNIT_ASSERT_EQ(test, rd(test, R_IRQ_STATUS), 0);

	wr(test, R_FAULT, FAULT_OT);
	KUNIT_EXPECT_EQ(test, rd(test, R_FAULT), FAULT_OT);
	KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_STATUS), IRQ_FAULT);
	KUNIT_EXPECT_EQ(test, rd(test, R_STATUS) & AUTO_MUTE, AUTO_MUTE);

	hpa380_model_remove_fault_cause(model(test));
	KUNIT_EXPECT_EQ(test, rd(test, R_FAULT), FAULT_OT);	/* still latched */
	wr(test, R_IRQ_STATUS, IRQ_FAULT);
	wr(test, R_FAULT, FAULT_OT);
	KUNIT_EXPECT_EQ(test, rd(test, R_FAULT), 0);
	KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_STATUS), 0);
	KUNIT_EXPECT_EQ(test, rd(test, R_STATUS) & AUTO_MUTE, 0);
}

static void fault_with_other_bit_persistent_keeps_auto_mute(struct kunit *test)
{
	hpa380_model_inject_fault(model(test), FAULT_SHORT, true);
	hpa380_model_inject_fault(model(test), FAULT_OC, false);
	wr(test, R_FAULT, FAULT_OC | FAULT_SHORT);
	KUNIT_EXPECT_EQ(test, rd(test, R_FAULT), FAULT_SHORT);
	KUNIT_EXPECT_EQ(test, rd(test, R_STATUS) & AUTO_MUTE, AUTO_MUTE);
}

/* ---- IRQN ---- */

static void irqn_follows_unmasked_status(struct kunit *test)
{
	struct hpa380_model *m = model(test);

	hpa380_model_inject_fault(m, FAULT_OC, false);
	KUNIT_EXPECT_FALSE(test, hpa380_model_irq_asserted(m));	/* masked */
	KUNIT_EXPECT_EQ(test, irq_calls(test), 0);

	wr(test, R_IRQ_MASK, IRQ_JACK | IRQ_DET);
	KUNIT_EXPECT_TRUE(test, hpa380_model_irq_asserted(m));
	wr(test, R_IRQ_MASK, IRQ_ALL);
	KUNIT_EXPECT_FALSE(test, hpa380_model_irq_asserted(m));
	wr(test, R_IRQ_MASK, 0);
	KUNIT_EXPECT_TRUE(test, hpa380_model_irq_asserted(m));
	/* Clearing a bit that is not set keeps the level. */
	wr(test, R_IRQ_STATUS, IRQ_JACK);
	KUNIT_EXPECT_TRUE(test, hpa380_model_irq_asserted(m));
	wr(test, R_IRQ_STATUS, IRQ_FAULT);
	KUNIT_EXPECT_FALSE(test, hpa380_model_irq_asserted(m));

	KUNIT_ASSERT_EQ(test, irq_calls(test), 4);
	KUNIT_EXPECT_TRUE(test, irq_call_level(test, 0));
	KUNIT_EXPECT_FALSE(test, irq_call_level(test, 1));
	KUNIT_EXPECT_TRUE(test, irq_call_level(test, 2));
	KUNIT_EXPECT_FALSE(test, irq_call_level(test, 3));
}

/* Wait for the IRQN callback without touching the model. */
static bool wait_irq_calls(struct kunit *test, unsigned int n,
			   unsigned int timeout_ms)
{
	ktime_t end = ktime_add_ms(ktime_get(), timeout_ms);

	while (irq_calls(test) < n && ktime_before(ktime_get(), end))
		usleep_range(200, 400);
	return irq_calls(test) >= n;
}

static void irqn_asserts_at_measurement_end_without_bus_traffic(struct kunit *test)
{
	struct hpa380_model *m = model(test);
	unsigned int xfers;

	set_timing(test, &fast_timing);
	SET_TIMING(test, det_us, SLOW_US);
	wr(test, R_IRQ_MASK, IRQ_JACK | IRQ_FAULT);
	wr(test, R_DET_CTRL, DET_START);
	xfers = hpa380_model_xfer_count(m);

	KUNIT_ASSERT_TRUE(test, wait_irq_calls(test, 1, WAIT_MS));
	KUNIT_EXPECT_TRUE(test, irq_call_level(test, 0));
	KUNIT_EXPECT_EQ(test, hpa380_model_xfer_count(m), xfers);
	KUNIT_EXPECT_EQ(test, rd(test, R_IRQ_STATUS), IRQ_DET);
	KUNIT_EXPECT_EQ(test, rd(test, R_DET_STATUS), DET_DONE | DET_TYPE(TYPE_NONE));

	wr(test, R_IRQ_STATUS, IRQ_DET);
	KUNIT_EXPECT_EQ(test, irq_calls(test), 2);
	KUNIT_EXPECT_FALSE(test, irq_call_level(test, 1));
}

static void irqn_asserts_at_jack_debounce_without_bus_traffic(struct kunit *test)
{
	struct hpa380_model *m = model(test);
	unsigned int xfers;

	SET_TIMING(test, deb_in_us, SLOW_US);
	wr(test, R_IRQ_MASK, IRQ_DET | IRQ_FAULT);
	xfers = hpa380_model_xfer_count(m);
	hpa380_model_plug(m, HPA380_MODEL_JACK_BAL, 300000, 300000,
			  HPA380_MODEL_LOAD_BALANCED);
	KUNIT_EXPECT_EQ(test, irq_calls(test), 0);

	KUNIT_ASSERT_TRUE(test, wait_irq_calls(test, 1, WAIT_MS));
	KUNIT_EXPECT_TRUE(test, irq_call_level(test, 0));
	KUNIT_EXPECT_EQ(test, hpa380_model_xfer_count(m), xfers);
	KUNIT_EXPECT_EQ(test, rd(test, R_JACK_STATUS), BAL_PRESENT);
}

static void irqn_is_masked_after_reset(struct kunit *test)
{
	set_timing(test, &fast_timing);
	wr(test, R_IRQ_MASK, 0);
	hpa380_model_inject_fault(model(test), FAULT_OC, false);
	KUNIT_ASSERT_TRUE(test, hpa380_model_irq_asserted(model(test)));
	wr(test, R_SW_RESET, 0x01);
	KUNIT_EXPECT_FALSE(test, hpa380_model_irq_asserted(model(test)));
	KUNIT_EXPECT_EQ(test, irq_calls(test), 2);
}

/* ---- transfer log and injected errors ---- */

static void transfer_log_records_each_transfer(struct kunit *test)
{
	struct hpa380_model *m = model(test);
	struct hmt_priv *p = test->priv;
	const struct hpa380_model_xfer *x;
	u8 buf[2], val = 0x12;
	struct i2c_msg other = {
		.addr = 0x61, .flags = 0, .len = 1, .buf = &val,
	};

	hpa380_model_log_clear(m);
	KUNIT_ASSERT_EQ(test, hmt_write_buf(test, R_VOL_L, (u8[]){ 0x10, 0x20 }, 2), 0);
	KUNIT_ASSERT_EQ(test, hmt_read_buf(test, R_CHIP_ID, buf, 2), 0);
	KUNIT_EXPECT_EQ(test, i2c_transfer(p->adap, &other, 1), -ENXIO);
	KUNIT_ASSERT_EQ(test, hpa380_model_xfer_count(m), 3);

	x = hpa380_model_xfer(m, 0);
	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_EXPECT_FALSE(test, x->read);
	KUNIT_EXPECT_EQ(test, x->addr, ADDR);
	KUNIT_EXPECT_EQ(test, x->reg, R_VOL_L);
	KUNIT_EXPECT_EQ(test, x->len, 2);
	KUNIT_EXPECT_EQ(test, x->data[0], 0x10);
	KUNIT_EXPECT_EQ(test, x->data[1], 0x20);
	KUNIT_EXPECT_EQ(test, x->result, 0);

	x = hpa380_model_xfer(m, 1);
	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_EXPECT_TRUE(test, x->read);
	KUNIT_EXPECT_EQ(test, x->reg, R_CHIP_ID);
	KUNIT_EXPECT_EQ(test, x->len, 2);
	KUNIT_EXPECT_EQ(test, x->data[0], 0x38);
	KUNIT_EXPECT_EQ(test, x->data[1], 0x10);
	KUNIT_EXPECT_EQ(test, x->result, 0);

	x = hpa380_model_xfer(m, 2);
	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_EXPECT_EQ(test, x->addr, 0x61);
	KUNIT_EXPECT_EQ(test, x->result, -ENXIO);

	KUNIT_EXPECT_NULL(test, hpa380_model_xfer(m, 3));
	hpa380_model_log_clear(m);
	KUNIT_EXPECT_EQ(test, hpa380_model_xfer_count(m), 0);
	KUNIT_EXPECT_NULL(test, hpa380_model_xfer(m, 0));
}

static void transfer_log_keeps_first_512_and_counts_all(struct kunit *test)
{
	struct hpa380_model *m = model(test);
	const struct hpa380_model_xfer *x;
	u8 buf[12];
	int i;

	hpa380_model_log_clear(m);
	for (i = 0; i < 600; i++)
		wr(test, R_VOL_L, i & 0xff);
	KUNIT_EXPECT_EQ(test, hpa380_model_xfer_count(m), 600);
	x = hpa380_model_xfer(m, 511);
	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_EXPECT_EQ(test, x->data[0], 511 & 0xff);
	KUNIT_EXPECT_NULL(test, hpa380_model_xfer(m, 512));

	/* A long read keeps its length and its first 8 bytes. */
	hpa380_model_log_clear(m);
	KUNIT_ASSERT_EQ(test, hmt_read_buf(test, R_CHIP_ID, buf, sizeof(buf)), 0);
	x = hpa380_model_xfer(m, 0);
	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_EXPECT_EQ(test, x->len, sizeof(buf));
	KUNIT_EXPECT_EQ(test, memcmp(x->data, buf, sizeof(x->data)), 0);
}

static void fail_xfer_fails_nth_transfer_without_effect(struct kunit *test)
{
	struct hpa380_model *m = model(test);
	const struct hpa380_model_xfer *x;
	u8 val;

	hpa380_model_log_clear(m);
	hpa380_model_fail_xfer(m, 2, -ETIMEDOUT);
	wr(test, R_VOL_L, 1);
	KUNIT_EXPECT_EQ(test, hmt_write_buf(test, R_VOL_L, (u8[]){ 2 }, 1), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, rd(test, R_VOL_L), 1);	/* third: served */

	x = hpa380_model_xfer(m, 1);
	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_EXPECT_FALSE(test, x->read);
	KUNIT_EXPECT_EQ(test, x->reg, R_VOL_L);
	KUNIT_EXPECT_EQ(test, x->data[0], 2);
	KUNIT_EXPECT_EQ(test, x->result, -ETIMEDOUT);

	/* A failed read, and a failed start of a measurement. */
	hpa380_model_fail_xfer(m, 1, -EIO);
	KUNIT_EXPECT_EQ(test, hmt_read_buf(test, R_CHIP_ID, &val, 1), -EIO);
	hpa380_model_fail_xfer(m, 1, -EIO);
	KUNIT_EXPECT_EQ(test, hmt_write_buf(test, R_DET_CTRL, (u8[]){ DET_START }, 1), -EIO);
	KUNIT_EXPECT_EQ(test, rd(test, R_DET_STATUS), 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_xfer_count(m), 6);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(m), 0);
}

static void fail_xfer_zero_disarms(struct kunit *test)
{
	hpa380_model_fail_xfer(model(test), 1, -EIO);
	hpa380_model_fail_xfer(model(test), 0, -EIO);
	wr(test, R_VOL_L, 7);
	KUNIT_EXPECT_EQ(test, rd(test, R_VOL_L), 7);
}

/* ---- adapter, power ---- */

static void adapter_naks_other_addresses(struct kunit *test)
{
	struct hmt_priv *p = test->priv;
	struct hpa380_model *m61;
	struct i2c_adapter *adap61;
	u8 reg = R_CHIP_ID, val = 0;
	struct i2c_msg msgs[2] = {
		{ .addr = 0x61, .flags = 0, .len = 1, .buf = &reg },
		{ .addr = 0x61, .flags = I2C_M_RD, .len = 1, .buf = &val },
	};

	KUNIT_EXPECT_TRUE(test, i2c_check_functionality(p->adap, I2C_FUNC_I2C));
	KUNIT_EXPECT_EQ(test, i2c_transfer(p->adap, msgs, 2), -ENXIO);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(p->m), 0);

	/* ADDR high: the chip answers at 0x61 only. */
	m61 = hpa380_model_create(0x61);
	KUNIT_ASSERT_NOT_NULL(test, m61);
	adap61 = hpa380_model_adapter(m61);
	KUNIT_EXPECT_EQ(test, i2c_transfer(adap61, msgs, 2), 2);
	KUNIT_EXPECT_EQ(test, val, 0x38);
	msgs[0].addr = ADDR;
	msgs[1].addr = ADDR;
	KUNIT_EXPECT_EQ(test, i2c_transfer(adap61, msgs, 2), -ENXIO);
	hpa380_model_destroy(m61);
}

static void power_off_loses_state_and_naks(struct kunit *test)
{
	struct hpa380_model *m = model(test);
	u8 val;

	set_timing(test, &fast_timing);
	SET_TIMING(test, boot_us, SLOW_US);
	program_registers(test);
	wr(test, R_IRQ_MASK, 0);
	hpa380_model_inject_fault(m, FAULT_OC, true);
	KUNIT_ASSERT_TRUE(test, hpa380_model_irq_asserted(m));
	hpa380_model_plug(m, HPA380_MODEL_JACK_SE, 32000, 32000,
			  HPA380_MODEL_LOAD_UNBALANCED);
	hpa380_model_clear_counters(m);

	hpa380_model_set_powered(m, false);
	KUNIT_EXPECT_FALSE(test, hpa380_model_irq_asserted(m));
	KUNIT_EXPECT_EQ(test, hmt_read_buf(test, R_CHIP_ID, &val, 1), -ENXIO);
	KUNIT_EXPECT_EQ(test, hmt_write_buf(test, R_VOL_L, (u8[]){ 1 }, 1), -ENXIO);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(m, R_CHIP_ID), 0);

	hpa380_model_set_powered(m, true);
	KUNIT_EXPECT_EQ(test, hmt_read_buf(test, R_CHIP_ID, &val, 1), -ENXIO);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(m), 3);
	msleep(SLOW_MS + 10);

	/* Reset values; the plug is seen at once, without an interrupt. */
	expect_reset_values(test, SE_PRESENT);
	KUNIT_EXPECT_EQ(test, hpa380_model_illegal(m), 3);
	KUNIT_EXPECT_EQ(test, irq_calls(test), 2);
}

static void create_and_destroy_many_times(struct kunit *test)
{
	static const struct hpa380_model_timing t = {
		.boot_us = 0, .ref_us = 0, .ramp_us = 1000,
		.det_us = 1000, .deb_in_us = 1000, .deb_out_us = 1000,
	};
	u8 start[2] = { R_DET_CTRL, DET_START };
	struct i2c_msg msg = {
		.addr = ADDR, .flags = 0, .len = 2, .buf = start,
	};
	struct hpa380_model *m;
	int i;

	for (i = 0; i < 50; i++) {
		m = hpa380_model_create(ADDR);
		KUNIT_ASSERT_NOT_NULL(test, m);
		/* Leave timed events pending: destroy must cancel them. */
		hpa380_model_set_timing(m, &t);
		hpa380_model_set_irq_callback(m, hmt_irq_cb, test->priv);
		hpa380_model_plug(m, HPA380_MODEL_JACK_SE, 32000, 32000,
				  HPA380_MODEL_LOAD_UNBALANCED);
		KUNIT_EXPECT_EQ(test, i2c_transfer(hpa380_model_adapter(m), &msg, 1), 1);
		if (i & 1)
			usleep_range(900, 1100);
		hpa380_model_destroy(m);
	}
}

static struct kunit_case hpa380_model_cases[] = {
	KUNIT_CASE_PARAM(register_reads_its_reset_value, reset_values_gen_params),
	KUNIT_CASE(burst_read_of_whole_map_matches_reset_values),
	KUNIT_CASE(set_chip_id_changes_id_across_reset),
	KUNIT_CASE_PARAM(read_only_write_is_ignored_and_counted,
			 read_only_writes_gen_params),
	KUNIT_CASE_PARAM(reserved_bits_are_ignored_and_counted,
			 reserved_cases_gen_params),
	KUNIT_CASE(irq_status_and_fault_clear_on_write_one),
	KUNIT_CASE(sw_reset_restores_reset_values_after_t_boot),
	KUNIT_CASE(sw_reset_write_of_zero_has_no_effect),
	KUNIT_CASE(sw_reset_naks_rest_of_its_burst),
	KUNIT_CASE(burst_write_auto_increments),
	KUNIT_CASE(burst_read_of_results_auto_increments),
	KUNIT_CASE(burst_write_across_read_only_counts_each_byte),
	KUNIT_CASE(read_without_address_continues_at_pointer),
	KUNIT_CASE(ref_ready_sets_t_ref_after_ref_en),
	KUNIT_CASE_PARAM(ramp_busy_for_t_ramp_after_change, ramp_cases_gen_params),
	KUNIT_CASE(stage_soft_start_sets_ramp_busy),
	KUNIT_CASE_PARAM(misuse_counts_pops, pop_cases_gen_params),
	KUNIT_CASE_PARAM(detection_measures_selected_jack, det_cases_gen_params),
	KUNIT_CASE_PARAM(detection_refused_while_output_audible,
			 refuse_cases_gen_params),
	KUNIT_CASE(detection_start_clears_previous_result),
	KUNIT_CASE_PARAM(detection_ends_aborted, abort_cases_gen_params),
	KUNIT_CASE(detection_never_completes_when_det_us_is_zero),
	KUNIT_CASE(detection_holds_outputs_muted),
	KUNIT_CASE_PARAM(jack_change_shows_after_debounce, jack_cases_gen_params),
	KUNIT_CASE(jack_bounce_shorter_than_debounce_is_ignored),
	KUNIT_CASE_PARAM(fault_latches_auto_mutes_and_clears, fault_cases_gen_params),
	KUNIT_CASE(persistent_fault_relatches_until_cause_removed),
	KUNIT_CASE(fault_with_other_bit_persistent_keeps_auto_mute),
	KUNIT_CASE(irqn_follows_unmasked_status),
	KUNIT_CASE(irqn_asserts_at_measurement_end_without_bus_traffic),
	KUNIT_CASE(irqn_asserts_at_jack_debounce_without_bus_traffic),
	KUNIT_CASE(irqn_is_masked_after_reset),
	KUNIT_CASE(transfer_log_records_each_transfer),
	KUNIT_CASE(transfer_log_keeps_first_512_and_counts_all),
	KUNIT_CASE(fail_xfer_fails_nth_transfer_without_effect),
	KUNIT_CASE(fail_xfer_zero_disarms),
	KUNIT_CASE(adapter_naks_other_addresses),
	KUNIT_CASE(power_off_loses_state_and_naks),
	KUNIT_CASE(create_and_destroy_many_times),
	{}
};

static struct kunit_suite hpa380_model_suite = {
	.name = "hpa380-model",
	.init = hmt_init,
	.exit = hmt_exit,
	.test_cases = hpa380_model_cases,
};

kunit_test_suite(hpa380_model_suite);

MODULE_DESCRIPTION("KUnit tests of the emulated HPA380 against its datasheet");
MODULE_LICENSE("GPL");
