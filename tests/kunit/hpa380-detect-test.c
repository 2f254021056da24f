// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the HPA380 load detection, jack sense and fault handling,
 * against the chip model: loads plugged into its jacks, faults injected.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/irq.h>
#include <linux/irqdesc.h>
#include <linux/ktime.h>
#include <linux/pm_runtime.h>
#include <linux/spinlock.h>
#include <sound/control.h>

#include "hpa380-test-board.h"

/* Datasheet registers and fields (the test's own reading). */
#define DET_ABORT	0x04
#define FAULT		0x10
#define JACK_SE		HPA380_MODEL_JACK_SE
#define JACK_BAL	HPA380_MODEL_JACK_BAL
#define OPEN		U32_MAX

#define IMPEDANCE	"Headphone Load Impedance"
#define TYPE		"Headphone Load Type"
#define STATUS		"Headphone Load Detect Status"
#define TRIGGER		"Headphone Load Detect Switch"
#define FAULT_CTL	"Headphone Fault"

enum { T_UNKNOWN, T_NONE, T_UNBALANCED, T_BALANCED, T_SHORT };
enum { S_IDLE, S_MEASURING, S_DONE, S_ERROR };
enum { F_NONE, F_OVER_CURRENT, F_OVER_TEMPERATURE, F_SHORT };

/* ---- value-change events, seen through a control layer ---- */

static const char * const hpa380_event_names[] = {
	IMPEDANCE, TYPE, STATUS, TRIGGER, FAULT_CTL,
};

static struct {
	spinlock_t lock;		/* everything below */
	struct snd_card *card;		/* the card under test */
	unsigned int count[ARRAY_SIZE(hpa380_event_names)];
	ktime_t last[ARRAY_SIZE(hpa380_event_names)];
} hpa380_events;

static void hpa380_events_lnotify(struct snd_card *card, unsigned int mask,
				  struct snd_kcontrol *kctl, unsigned int ioff)
{
	unsigned long flags;
	int i;

	spin_lock_irqsave(&hpa380_events.lock, flags);
	for (i = 0; i < ARRAY_SIZE(hpa380_event_names); i++) {
		if (card == hpa380_events.card &&
		    (mask & SNDRV_CTL_EVENT_MASK_VALUE) &&
		    !strcmp(kctl->id.name, hpa380_event_names[i])) {
			hpa380_events.count[i]++;
			hpa380_events.last[i] = ktime_get();
		}
	}
	spin_unlock_irqrestore(&hpa380_events.lock, flags);
}

static void hpa380_events_lcard(struct snd_card *card)
{
}

static struct snd_ctl_layer_ops hpa380_events_layer = {
	.module_name = "hpa380-detect-test",
	.lregister = hpa380_events_lcard,
	.ldisconnect = hpa380_events_lcard,
	.lnotify = hpa380_events_lnotify,
};

static int hpa380_detect_suite_init(struct kunit_suite *suite)
{
	spin_lock_init(&hpa380_events.lock);
	snd_ctl_register_layer(&hpa380_events_layer);
	return 0;
}

static void hpa380_detect_suite_exit(struct kunit_suite *suite)
{
	snd_ctl_disconnect_layer(&hpa380_events_layer);
}

static void hpa380_events_reset(struct hpa380_board *b)
{
	unsigned long flags;

	spin_lock_irqsave(&hpa380_events.lock, flags);
	hpa380_events.card = b ? b->card->snd_card : NULL;
	memset(hpa380_events.count, 0, sizeof(hpa380_events.count));
	spin_unlock_irqrestore(&hpa380_events.lock, flags);
}

/* How many value events @name has had, and when the last one came. */
static unsigned int hpa380_events_of(const char *name, ktime_t *last)
{
	unsigned long flags;
	unsigned int n = 0;
	int i;

	spin_lock_irqsave(&hpa380_events.lock, flags);
	for (i = 0; i < ARRAY_SIZE(hpa380_event_names); i++) {
		if (strcmp(name, hpa380_event_names[i]))
			continue;
		n = hpa380_events.count[i];
		if (last)
			*last = hpa380_events.last[i];
	}
	spin_unlock_irqrestore(&hpa380_events.lock, flags);
	return n;
}

static unsigned int hpa380_events_count(const char *name)
{
	return hpa380_events_of(name, NULL);
}

/* ---- fixtures and helpers ---- */

static int hpa380_detect_init(struct kunit *test)
{
	hpa380_board_fixture_init(test);
	hpa380_events_reset(test->priv);
	return 0;
}

static void hpa380_detect_exit(struct kunit *test)
{
	hpa380_events_reset(NULL);
	hpa380_board_fixture_exit(test);
}

/* Wait until control @name reads @value; the milliseconds it took. */
static unsigned int hpa380_wait_for(struct hpa380_board *b, const char *name,
				    long value, unsigned int timeout_ms)
{
	unsigned int ms;

	for (ms = 0; ms < timeout_ms; ms++) {
		if (hpa380_board_get(b, name, 0) == value)
			return ms;
		fsleep(1000);
	}
	KUNIT_FAIL(b->test, "%s did not reach %ld in %u ms (it reads %ld)",
		   name, value, timeout_ms, hpa380_board_get(b, name, 0));
	return ms;
}

/* Wait for the status to leave Measuring; the final status. */
static long hpa380_wait_measured(struct hpa380_board *b)
{
	unsigned int ms;
	long status;

	for (ms = 0; ms < 1000; ms++) {
		status = hpa380_board_get(b, STATUS, 0);
		if (status != S_MEASURING)
			return status;
		fsleep(1000);
	}
	KUNIT_FAIL(b->test, "still measuring after 1 s");
	return status;
}

static void hpa380_expect_result(struct kunit *test, struct hpa380_board *b,
				 long type, long left, long right)
{
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, TYPE, 0), type);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, IMPEDANCE, 0), left);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, IMPEDANCE, 1), right);
}

static unsigned int hpa380_count_writes(struct hpa380_board *b, u8 reg, u8 val)
{
	unsigned int i, n = 0, count = hpa380_model_xfer_count(b->model);
	const struct hpa380_model_xfer *x;

	for (i = 0; i < count && (x = hpa380_model_xfer(b->model, i)); i++)
		if (!x->read && x->reg == reg && x->data[0] == val)
			n++;
	return n;
}

/* ---- loads ---- */

struct hpa380_load_case {
	const char *desc;
	enum hpa380_model_jack jack;
	u32 left, right;			/* milliohms, OPEN */
	enum hpa380_model_topology topology;
	long type, mohm_left, mohm_right;	/* what the controls say */
};

static const struct hpa380_load_case hpa380_load_cases[] = {
	{ "16 Ohm IEM, 3.5 mm", JACK_SE, 16000, 16000,
	  HPA380_MODEL_LOAD_UNBALANCED, T_UNBALANCED, 16000, 16000 },
	{ "300 Ohm balanced, 4.4 mm", JACK_BAL, 300000, 300000,
	  HPA380_MODEL_LOAD_BALANCED, T_BALANCED, 300000, 300000 },
	{ "unequal channels", JACK_SE, 32100, 31900,
	  HPA380_MODEL_LOAD_UNBALANCED, T_UNBALANCED, 32100, 31900 },
	{ "rounded to 0.1 Ohm", JACK_SE, 32049, 32050,
	  HPA380_MODEL_LOAD_UNBALANCED, T_UNBALANCED, 32000, 32100 },
	{ "2 Ohm edge", JACK_SE, 2000, 2000,
	  HPA380_MODEL_LOAD_UNBALANCED, T_UNBALANCED, 2000, 2000 },
	{ "2 kOhm edge", JACK_BAL, 2000000, 2000000,
	  HPA380_MODEL_LOAD_BALANCED, T_BALANCED, 2000000, 2000000 },
	{ "short", JACK_SE, 1000, 1500,
	  HPA380_MODEL_LOAD_UNBALANCED, T_SHORT, 0, 0 },
	{ "short on one channel", JACK_BAL, 300000, 500,
	  HPA380_MODEL_LOAD_BALANCED, T_SHORT, 300000, 0 },
	{ "open plug (above 2 kOhm)", JACK_SE, 2000100, OPEN,
	  HPA380_MODEL_LOAD_UNBALANCED, T_NONE, 0, 0 },
	{ "one channel open", JACK_SE, OPEN, 32000,
	  HPA380_MODEL_LOAD_UNBALANCED, T_UNBALANCED, 0, 32000 },
};

KUNIT_ARRAY_PARAM_DESC(hpa380_load, hpa380_load_cases, desc);

static void insertion_measures_the_load(struct kunit *test)
{
	const struct hpa380_load_case *c = test->param_value;
	struct hpa380_board *b = test->priv;

	hpa380_model_plug(b->model, c->jack, c->left, c->right, c->topology);
	hpa380_wait_for(b, STATUS, S_MEASURING, 500);
	KUNIT_EXPECT_EQ(test, hpa380_wait_measured(b), S_DONE);
	hpa380_expect_result(test, b, c->type, c->mohm_left, c->mohm_right);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, TRIGGER, 0), 0);
}

static void request_with_nothing_plugged_reads_open(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, TRIGGER, 1, 0), 1);
	KUNIT_EXPECT_EQ(test, hpa380_wait_measured(b), S_DONE);
	hpa380_expect_result(test, b, T_NONE, 0, 0);
}

static void request_while_playing_is_busy(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	hpa380_board_start_playing(b, "Headphone Jack");
	hpa380_events_reset(b);

	KUNIT_EXPECT_EQ(test, hpa380_board_put(b, TRIGGER, 1, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, STATUS, 0), S_DONE);
	msleep(20);
	KUNIT_EXPECT_EQ(test, hpa380_model_xfer_count(b->model), 0);
	KUNIT_EXPECT_EQ(test, hpa380_events_count(STATUS), 0);
}

static void request_while_measuring_changes_nothing(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, TRIGGER, 1, 0), 1);
	KUNIT_EXPECT_EQ(test, hpa380_board_put(b, TRIGGER, 1, 0), 0);
	KUNIT_EXPECT_EQ(test, hpa380_board_put(b, TRIGGER, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, hpa380_board_put(b, TRIGGER, 2, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, hpa380_wait_measured(b), S_DONE);
}

static void insertion_while_playing_mutes_until_the_end(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	hpa380_board_start_playing(b, "Balanced Headphone Jack");

	hpa380_model_plug(b->model, JACK_SE, 32000, 32000,
			  HPA380_MODEL_LOAD_UNBALANCED);
	hpa380_wait_for(b, STATUS, S_MEASURING, 500);
	/* The driver mutes before starting (the chip holds it muted too). */
	msleep(20);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, MUTE), 0x03);
	KUNIT_EXPECT_EQ(test, hpa380_wait_measured(b), S_DONE);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, MUTE), 0x00);
	hpa380_expect_result(test, b, T_UNBALANCED, 32000, 32000);
}

static void measurement_that_never_ends_is_an_error(struct kunit *test)
{
	struct hpa380_board *b = test->priv;
	struct hpa380_model_timing t;

	hpa380_model_get_timing(b->model, &t);
	t.det_us = 0;
	hpa380_model_set_timing(b->model, &t);

	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, TRIGGER, 1, 0), 1);
	KUNIT_EXPECT_EQ(test, hpa380_wait_measured(b), S_ERROR);
	KUNIT_EXPECT_EQ(test, hpa380_count_writes(b, DET_CTRL, DET_ABORT), 1);
	hpa380_expect_result(test, b, T_UNKNOWN, 0, 0);
}

static void unplug_during_measurement_clears_the_result(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	hpa380_model_plug(b->model, JACK_SE, 32000, 32000,
			  HPA380_MODEL_LOAD_UNBALANCED);
	hpa380_wait_for(b, STATUS, S_DONE, 1000);

	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, TRIGGER, 1, 0), 1);
	fsleep(10000);
	hpa380_model_unplug(b->model, JACK_SE);
	hpa380_wait_for(b, STATUS, S_IDLE, 500);
	hpa380_expect_result(test, b, T_UNKNOWN, 0, 0);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, "Headphone Jack", 0), 0);
}

static void unplug_after_measurement_clears_the_result(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	hpa380_model_plug(b->model, JACK_BAL, 300000, 300000,
			  HPA380_MODEL_LOAD_BALANCED);
	hpa380_wait_for(b, STATUS, S_DONE, 1000);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, "Balanced Headphone Jack", 0), 1);
	hpa380_events_reset(b);

	hpa380_model_unplug(b->model, JACK_BAL);
	hpa380_wait_for(b, STATUS, S_IDLE, 500);
	hpa380_expect_result(test, b, T_UNKNOWN, 0, 0);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, "Balanced Headphone Jack", 0), 0);
	KUNIT_EXPECT_EQ(test, hpa380_events_count(IMPEDANCE), 1);
	KUNIT_EXPECT_EQ(test, hpa380_events_count(TYPE), 1);
}

/*
 * Start: status. End: impedance, type, status. The trigger is volatile and
 * sends none.
 */
static void one_measurement_sends_four_events(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, TRIGGER, 1, 0), 1);
	KUNIT_ASSERT_EQ(test, hpa380_wait_measured(b), S_DONE);
	KUNIT_EXPECT_EQ(test, hpa380_events_count(STATUS), 2);
	KUNIT_EXPECT_EQ(test, hpa380_events_count(TRIGGER), 0);
	KUNIT_EXPECT_EQ(test, hpa380_events_count(IMPEDANCE), 1);
	KUNIT_EXPECT_EQ(test, hpa380_events_count(TYPE), 1);
	KUNIT_EXPECT_EQ(test, hpa380_events_count(FAULT_CTL), 0);
}

/*
 * Fail each transfer of a measurement in turn: it ends (Done or Error,
 * never stuck in Measuring), the outputs are not left muted by us, and
 * the cache agrees with the chip.
 */
static void bus_error_at_every_transfer_of_a_measurement(struct kunit *test)
{
	struct hpa380_board *b = test->priv;
	unsigned int n, transfers;
	long status;

	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, TRIGGER, 1, 0), 1);
	KUNIT_ASSERT_EQ(test, hpa380_wait_measured(b), S_DONE);
	transfers = hpa380_model_xfer_count(b->model);
	KUNIT_ASSERT_GT(test, transfers, 0);

	for (n = 1; n <= transfers; n++) {
		hpa380_model_log_clear(b->model);
		hpa380_model_fail_xfer(b->model, n, -EIO);
		KUNIT_ASSERT_EQ(test, hpa380_board_put(b, TRIGGER, 1, 0), 1);
		status = hpa380_wait_measured(b);
		KUNIT_EXPECT_TRUE_MSG(test, status == S_DONE || status == S_ERROR,
				      "xfer %u: status %ld", n, status);
		/* Let a lost interrupt be found again (poll or next event). */
		msleep(20);
		hpa380_board_expect_cache_matches_chip(b);
	}
	/* And it still works. */
	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, TRIGGER, 1, 0), 1);
	KUNIT_EXPECT_EQ(test, hpa380_wait_measured(b), S_DONE);
}

static void card_probe_measures_a_plug_already_in(struct kunit *test)
{
	static const struct hpa380_board_opts opts = { .irq = true };
	struct hpa380_board *b = hpa380_board_create(test, &opts);

	hpa380_model_plug(b->model, JACK_SE, 24000, 24000,
			  HPA380_MODEL_LOAD_UNBALANCED);
	msleep(100);		/* debounced before the card comes up */
	hpa380_board_add_card(b);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, "Headphone Jack", 0), 1);
	hpa380_wait_for(b, STATUS, S_DONE, 1000);
	hpa380_expect_result(test, b, T_UNBALANCED, 24000, 24000);
}

static void polling_without_an_interrupt_measures_too(struct kunit *test)
{
	struct hpa380_board *b = hpa380_board_fixture(test, NULL);

	hpa380_events_reset(b);
	hpa380_model_plug(b->model, JACK_SE, 32000, 32000,
			  HPA380_MODEL_LOAD_UNBALANCED);
	/* Debounce, a poll period of 200 ms at most, the measurement. */
	hpa380_wait_for(b, STATUS, S_DONE, 1000);
	hpa380_expect_result(test, b, T_UNBALANCED, 32000, 32000);
	KUNIT_EXPECT_EQ(test, hpa380_events_count(STATUS), 2);
}

static void resume_forgets_and_measures_again(struct kunit *test)
{
	struct hpa380_board *b = test->priv;
	struct device *dev = &b->client->dev;

	hpa380_model_plug(b->model, JACK_SE, 32000, 32000,
			  HPA380_MODEL_LOAD_UNBALANCED);
	hpa380_wait_for(b, STATUS, S_DONE, 1000);

	pm_runtime_get_noresume(dev);
	KUNIT_ASSERT_EQ(test, 0, pm_runtime_force_suspend(dev));
	/* Other headphones while it sleeps. */
	hpa380_model_unplug(b->model, JACK_SE);
	hpa380_model_plug(b->model, JACK_SE, 16000, 16000,
			  HPA380_MODEL_LOAD_UNBALANCED);
	KUNIT_ASSERT_EQ(test, 0, pm_runtime_force_resume(dev));
	pm_runtime_put_noidle(dev);

	hpa380_wait_for(b, IMPEDANCE, 16000, 1000);
	hpa380_wait_for(b, STATUS, S_DONE, 500);
	hpa380_expect_result(test, b, T_UNBALANCED, 16000, 16000);
}

static void no_work_runs_after_the_card_is_gone(struct kunit *test)
{
	struct hpa380_board *b = hpa380_board_fixture(test, NULL);
	unsigned int before;

	hpa380_model_plug(b->model, JACK_SE, 32000, 32000,
			  HPA380_MODEL_LOAD_UNBALANCED);
	hpa380_wait_for(b, STATUS, S_MEASURING, 1000);
	hpa380_model_inject_fault(b->model, 0x01, true);
	msleep(20);
	/* Measuring, polling and fault recovery pending: unbind now. */
	hpa380_board_remove_card(b);
	before = hpa380_model_xfer_count(b->model);
	msleep(500);
	KUNIT_EXPECT_EQ(test, hpa380_model_xfer_count(b->model), before);
	hpa380_model_remove_fault_cause(b->model);
}

/* ---- faults ---- */

struct hpa380_fault_case {
	const char *desc;
	u8 bits;
	long fault;
};

static const struct hpa380_fault_case hpa380_fault_cases[] = {
	{ "over-current", 0x01, F_OVER_CURRENT },
	{ "over-temperature", 0x02, F_OVER_TEMPERATURE },
	{ "short", 0x04, F_SHORT },
	{ "short and over-current", 0x05, F_SHORT },
};

KUNIT_ARRAY_PARAM_DESC(hpa380_fault, hpa380_fault_cases, desc);

static void fault_is_reported_muted_and_recovered(struct kunit *test)
{
	const struct hpa380_fault_case *c = test->param_value;
	struct hpa380_board *b = test->priv;

	hpa380_board_start_playing(b, "Headphone Jack");
	hpa380_model_inject_fault(b->model, c->bits, false);
	hpa380_wait_for(b, FAULT_CTL, c->fault, 200);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, MUTE), 0x03);

	/* Cleared after the 100 ms cool-down; the switch comes back. */
	hpa380_wait_for(b, FAULT_CTL, F_NONE, 500);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, FAULT), 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, MUTE), 0x00);
	KUNIT_EXPECT_EQ(test, hpa380_events_count(FAULT_CTL), 2);
}

static void persistent_fault_backs_off_and_stays_muted(struct kunit *test)
{
	struct hpa380_board *b = test->priv;
	unsigned int tries;

	hpa380_board_start_playing(b, "Headphone Jack");
	hpa380_model_inject_fault(b->model, 0x02, true);
	hpa380_wait_for(b, FAULT_CTL, F_OVER_TEMPERATURE, 200);

	/* Tries after 100, 200 and 400 ms more: three in the first second. */
	msleep(1000);
	tries = hpa380_count_writes(b, FAULT, 0x07);
	KUNIT_EXPECT_GE(test, tries, 2);
	KUNIT_EXPECT_LE(test, tries, 4);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, FAULT_CTL, 0),
			F_OVER_TEMPERATURE);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, MUTE), 0x03);

	hpa380_model_remove_fault_cause(b->model);
	hpa380_wait_for(b, FAULT_CTL, F_NONE, 2000);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, MUTE), 0x00);
}

/* ---- the mute has one owner: the user's switch survives every hold ---- */

#define SWITCH		"Headphone Playback Switch"

static unsigned int hpa380_switch_events;

/*
 * Nothing plays, the switch is on: a request measures at once, the driver
 * muting the outputs itself; the switch stays on throughout.
 */
static void request_with_nothing_playing_measures_unmuted(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, "Headphone Playback Volume",
					       160, 160), 1);
	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, SWITCH, 1, 1), 1);
	hpa380_board_plug(b, "Headphone Jack");
	hpa380_events_reset(b);

	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, TRIGGER, 1, 0), 1);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, SWITCH, 0), 1);
	KUNIT_EXPECT_EQ(test, hpa380_wait_measured(b), S_DONE);
	hpa380_expect_result(test, b, T_UNBALANCED, 32000, 32000);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, SWITCH, 0), 1);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, SWITCH, 1), 1);
	fsleep(10000);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, MUTE), 0x00);
}

/* The user mutes during a measurement: it stays muted after it. */
static void user_mute_during_a_measurement_stays(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	hpa380_board_start_playing(b, "Balanced Headphone Jack");
	hpa380_model_plug(b->model, JACK_SE, 32000, 32000,
			  HPA380_MODEL_LOAD_UNBALANCED);
	hpa380_wait_for(b, STATUS, S_MEASURING, 500);
	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, SWITCH, 0, 0), 1);
	KUNIT_EXPECT_EQ(test, hpa380_wait_measured(b), S_DONE);
	fsleep(10000);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, SWITCH, 0), 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, MUTE), 0x03);
	/* And unmuting is the user's to do. */
	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, SWITCH, 1, 1), 1);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, MUTE), 0x00);
}

/*
 * A fault that latches during the measurement that follows a plug: once
 * both are over, the outputs play again as the user's switch says.
 */
static void fault_during_the_plug_measurement_leaves_no_mute(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	hpa380_board_start_playing(b, "Balanced Headphone Jack");
	hpa380_model_plug(b->model, JACK_SE, 32000, 32000,
			  HPA380_MODEL_LOAD_UNBALANCED);
	hpa380_wait_for(b, STATUS, S_MEASURING, 500);
	fsleep(10000);
	hpa380_model_inject_fault(b->model, 0x04, false);
	hpa380_wait_for(b, FAULT_CTL, F_SHORT, 200);
	hpa380_wait_for(b, FAULT_CTL, F_NONE, 1000);
	hpa380_wait_measured(b);
	msleep(20);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, SWITCH, 0), 1);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, MUTE), 0x00);
}

static void hpa380_count_switch_events(struct snd_card *card, unsigned int mask,
				       struct snd_kcontrol *kctl,
				       unsigned int ioff)
{
	if (!strcmp(kctl->id.name, SWITCH))
		hpa380_switch_events++;
}

static struct snd_ctl_layer_ops hpa380_switch_layer = {
	.module_name = "hpa380-switch-events",
	.lregister = hpa380_events_lcard,
	.ldisconnect = hpa380_events_lcard,
	.lnotify = hpa380_count_switch_events,
};

/* A fault holds the outputs muted; the switch reads on, and sends nothing. */
static void holds_never_change_the_switch(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	hpa380_board_start_playing(b, "Headphone Jack");
	hpa380_switch_events = 0;
	snd_ctl_register_layer(&hpa380_switch_layer);
	hpa380_model_inject_fault(b->model, 0x01, false);
	hpa380_wait_for(b, FAULT_CTL, F_OVER_CURRENT, 200);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, MUTE), 0x03);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, SWITCH, 0), 1);
	hpa380_wait_for(b, FAULT_CTL, F_NONE, 500);
	snd_ctl_disconnect_layer(&hpa380_switch_layer);
	KUNIT_EXPECT_EQ(test, hpa380_switch_events, 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, MUTE), 0x00);
}

/*
 * A second plug while the first is measured: it is measured next and only
 * its result is reported; the outputs play again only after it.
 */
static void plug_during_a_measurement_is_measured_next(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, SWITCH, 1, 1), 1);
	hpa380_model_plug(b->model, JACK_SE, 32000, 32000,
			  HPA380_MODEL_LOAD_UNBALANCED);
	hpa380_wait_for(b, STATUS, S_MEASURING, 500);
	fsleep(20000);
	hpa380_model_plug(b->model, JACK_BAL, 300000, 300000,
			  HPA380_MODEL_LOAD_BALANCED);
	msleep(80);	/* the first measurement over, the second under way */
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, MUTE), 0x03);
	hpa380_wait_for(b, IMPEDANCE, 300000, 1000);
	KUNIT_EXPECT_EQ(test, hpa380_wait_measured(b), S_DONE);
	hpa380_expect_result(test, b, T_BALANCED, 300000, 300000);
	fsleep(10000);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, MUTE), 0x00);
}

/* ---- life cycle faults ---- */

/*
 * The card's probe of the amplifier fails (a bus error unmasking the
 * interrupts): nothing of it is left to run. Suspend and resume do not
 * touch its jacks or its interrupt, and a new card works.
 */
static void failed_card_probe_leaves_nothing_behind(struct kunit *test)
{
	static const struct hpa380_board_opts opts = { .irq = true };
	struct hpa380_board *b = hpa380_board_create(test, &opts);
	struct device *dev = &b->client->dev;
	int err;

	hpa380_model_log_clear(b->model);
	hpa380_model_fail_xfer(b->model, 1, -EIO);
	hpa380_board_add_card_err(b, &err);
	KUNIT_ASSERT_NE(test, err, 0);
	KUNIT_EXPECT_EQ(test, hpa380_model_xfer(b->model, 0)->reg, IRQ_MASK);

	hpa380_model_plug(b->model, JACK_SE, 32000, 32000,
			  HPA380_MODEL_LOAD_UNBALANCED);
	pm_runtime_get_noresume(dev);
	KUNIT_ASSERT_EQ(test, 0, pm_runtime_force_suspend(dev));
	KUNIT_ASSERT_EQ(test, 0, pm_runtime_force_resume(dev));
	pm_runtime_put_noidle(dev);
	msleep(200);

	hpa380_board_add_card(b);
	hpa380_wait_for(b, STATUS, S_DONE, 1000);
	hpa380_expect_result(test, b, T_UNBALANCED, 32000, 32000);
}

/*
 * A fault latched when the card goes: a new card starts afresh, finds the
 * fault still latched in the chip, and recovers from it.
 */
static void card_rebind_starts_detection_afresh(struct kunit *test)
{
	struct hpa380_board *b = test->priv;

	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, SWITCH, 1, 1), 1);
	hpa380_model_inject_fault(b->model, 0x01, false);
	hpa380_wait_for(b, FAULT_CTL, F_OVER_CURRENT, 200);
	hpa380_board_remove_card(b);

	hpa380_board_add_card(b);
	hpa380_events_reset(b);
	hpa380_wait_for(b, FAULT_CTL, F_NONE, 500);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, FAULT), 0);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, STATUS, 0), S_IDLE);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, TYPE, 0), T_UNKNOWN);
	/* The chip kept its registers: the switch as the user left it. */
	fsleep(10000);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, SWITCH, 0), 1);
	KUNIT_EXPECT_EQ(test, hpa380_model_peek(b->model, MUTE), 0x00);
}

/*
 * Suspend while a measurement has been queued after a plug: it does not
 * start, or stops at once, so suspend does not wait out its time-out, and
 * nothing reports an error. Tried several times, since the work may or may
 * not have begun. (The card's part of a system suspend takes well under
 * the 100 ms allowed here.)
 */
static void suspend_while_a_measurement_is_queued_is_prompt(struct kunit *test)
{
	struct hpa380_board *b = test->priv;
	struct hpa380_model_timing t;
	unsigned int i;
	ktime_t start;
	s64 us;

	hpa380_board_start_playing(b, "Balanced Headphone Jack");
	hpa380_model_get_timing(b->model, &t);
	t.det_us = 0;		/* a measurement that started never ends */
	t.deb_in_us = 0;
	hpa380_model_set_timing(b->model, &t);

	for (i = 0; i < 8; i++) {
		hpa380_model_plug(b->model, JACK_SE, 32000, 32000,
				  HPA380_MODEL_LOAD_UNBALANCED);
		hpa380_wait_for(b, STATUS, S_MEASURING, 500);
		start = ktime_get();
		hpa380_board_system_suspend(b);
		us = ktime_us_delta(ktime_get(), start);
		hpa380_model_unplug(b->model, JACK_SE);
		hpa380_board_system_resume(b);
		KUNIT_EXPECT_LT_MSG(test, us, 100000, "try %u", i);
		msleep(20);
		KUNIT_EXPECT_NE_MSG(test, hpa380_board_get(b, STATUS, 0),
				    S_ERROR, "try %u", i);
	}
}

/*
 * A bus error reading IRQ_STATUS in the interrupt thread: the interrupt is
 * counted as handled (it may well have been the chip's), so that the core
 * never takes the line for a stuck one; the event is found on the retry.
 */
static void irq_bus_error_is_no_spurious_interrupt(struct kunit *test)
{
	struct hpa380_board *b = test->priv;
	struct irq_desc *desc = irq_to_desc(b->client->irq);
	unsigned int unhandled = desc->irqs_unhandled;

	hpa380_model_fail_xfer(b->model, 1, -EIO);
	hpa380_board_plug(b, "Headphone Jack");
	KUNIT_EXPECT_EQ(test, desc->irqs_unhandled, unhandled);
}

/*
 * A control either notifies every change or is volatile, not both: the
 * results notify; the trigger, which falls back to 0 by itself, is volatile.
 */
static void events_or_volatile_never_both(struct kunit *test)
{
	static const char * const names[] = {
		IMPEDANCE, TYPE, STATUS, FAULT_CTL,
	};
	struct hpa380_board *b = test->priv;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		KUNIT_EXPECT_FALSE_MSG(test,
				       hpa380_board_kcontrol(b, names[i])->vd[0].access &
				       SNDRV_CTL_ELEM_ACCESS_VOLATILE, "%s", names[i]);
	KUNIT_EXPECT_TRUE(test, hpa380_board_kcontrol(b, TRIGGER)->vd[0].access &
			  SNDRV_CTL_ELEM_ACCESS_VOLATILE);
}

/*
 * The results, the trigger and the fault are on the card interface, as the
 * jacks are (datasheet 11.1): mixers such as alsamixer list only the mixer
 * interface, where the settings a user changes are.
 */
static void results_are_on_the_card_interface(struct kunit *test)
{
	static const char * const names[] = {
		IMPEDANCE, TYPE, STATUS, TRIGGER, FAULT_CTL,
		"Headphone Jack", "Balanced Headphone Jack",
	};
	struct hpa380_board *b = test->priv;
	struct snd_ctl_elem_id id = { .iface = SNDRV_CTL_ELEM_IFACE_MIXER };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		/* snd_ctl_elem_iface_t is __bitwise; KUnit compares integers. */
		KUNIT_EXPECT_EQ_MSG(test,
				    (__force int)hpa380_board_kcontrol(b, names[i])->id.iface,
				    (__force int)SNDRV_CTL_ELEM_IFACE_CARD, "%s", names[i]);
		strscpy(id.name, names[i], sizeof(id.name));
		KUNIT_EXPECT_NULL_MSG(test, snd_ctl_find_id(b->card->snd_card, &id),
				      "%s on the mixer interface", names[i]);
	}
}

/* An amplifier with a prefix: its jacks carry it too. */
static void jack_names_take_the_prefix(struct kunit *test)
{
	static const struct hpa380_board_opts opts = { .prefix = "Amp" };
	struct hpa380_board *b = hpa380_board_fixture(test, &opts);

	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, "Amp Headphone Jack", 0), 0);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, "Amp Balanced Headphone Jack", 0), 0);
	KUNIT_EXPECT_EQ(test, hpa380_board_get(b, "Amp " STATUS, 0), S_IDLE);
}

/* ---- performance: figures for the notes, not assertions ---- */

static void benchmark_measurement_latency_and_traffic(struct kunit *test)
{
	struct hpa380_board *b = test->priv;
	struct hpa380_model_timing t;
	ktime_t start, done = 0;
	s64 us;

	hpa380_model_get_timing(b->model, &t);
	hpa380_model_log_clear(b->model);
	start = ktime_get();
	KUNIT_ASSERT_EQ(test, hpa380_board_put(b, TRIGGER, 1, 0), 1);
	KUNIT_ASSERT_EQ(test, hpa380_wait_measured(b), S_DONE);
	hpa380_events_of(STATUS, &done);
	us = ktime_us_delta(done, start);
	kunit_info(test,
		   "irq: trigger to Done event %lld us, t_DET %u us, ratio %lld.%03lld, %u transfers\n",
		   us, t.det_us, us / t.det_us, us * 1000 / t.det_us % 1000,
		   hpa380_model_xfer_count(b->model));
	hpa380_board_dump_log(b);
}

static struct kunit_case hpa380_detect_cases[] = {
	KUNIT_CASE_PARAM(insertion_measures_the_load, hpa380_load_gen_params),
	KUNIT_CASE(request_with_nothing_plugged_reads_open),
	KUNIT_CASE(request_while_playing_is_busy),
	KUNIT_CASE(request_while_measuring_changes_nothing),
	KUNIT_CASE(insertion_while_playing_mutes_until_the_end),
	KUNIT_CASE(measurement_that_never_ends_is_an_error),
	KUNIT_CASE(unplug_during_measurement_clears_the_result),
	KUNIT_CASE(unplug_after_measurement_clears_the_result),
	KUNIT_CASE(one_measurement_sends_four_events),
	KUNIT_CASE_SLOW(bus_error_at_every_transfer_of_a_measurement),
	KUNIT_CASE(card_probe_measures_a_plug_already_in),
	KUNIT_CASE(polling_without_an_interrupt_measures_too),
	KUNIT_CASE(resume_forgets_and_measures_again),
	KUNIT_CASE(no_work_runs_after_the_card_is_gone),
	KUNIT_CASE_PARAM(fault_is_reported_muted_and_recovered,
			 hpa380_fault_gen_params),
	KUNIT_CASE_SLOW(persistent_fault_backs_off_and_stays_muted),
	KUNIT_CASE(request_with_nothing_playing_measures_unmuted),
	KUNIT_CASE(user_mute_during_a_measurement_stays),
	KUNIT_CASE(fault_during_the_plug_measurement_leaves_no_mute),
	KUNIT_CASE(holds_never_change_the_switch),
	KUNIT_CASE(plug_during_a_measurement_is_measured_next),
	KUNIT_CASE(failed_card_probe_leaves_nothing_behind),
	KUNIT_CASE(card_rebind_starts_detection_afresh),
	KUNIT_CASE_SLOW(suspend_while_a_measurement_is_queued_is_prompt),
	KUNIT_CASE(irq_bus_error_is_no_spurious_interrupt),
	KUNIT_CASE(events_or_volatile_never_both),
	KUNIT_CASE(results_are_on_the_card_interface),
	KUNIT_CASE(jack_names_take_the_prefix),
	KUNIT_CASE(benchmark_measurement_latency_and_traffic),
	{}
};

static struct kunit_suite hpa380_detect_suite = {
	.name = "hpa380-detect",
	.suite_init = hpa380_detect_suite_init,
	.suite_exit = hpa380_detect_suite_exit,
	.init = hpa380_detect_init,
	.exit = hpa380_detect_exit,
	.test_cases = hpa380_detect_cases,
};

kunit_test_suites(&hpa380_detect_suite);
