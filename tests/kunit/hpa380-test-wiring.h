/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The KUnit board around the emulated HPA380: its two supplies, as
 * regulators that power the model, and its IRQN line, as an interrupt.
 */
#ifndef HPA380_TEST_WIRING_H
#define HPA380_TEST_WIRING_H

#include <linux/types.h>

struct device;
struct hpa380_model;
struct hpa380_model_wiring;

#define HPA380_WIRE_IRQ		BIT(0)	/* IRQN to an interrupt */
#define HPA380_WIRE_NO_DVDD	BIT(1)	/* leave DVDD out (missing supply) */
#define HPA380_WIRE_RESET	BIT(2)	/* RESETN to a GPIO ("reset-gpios") */

enum hpa380_model_supply { HPA380_AVDD, HPA380_DVDD, HPA380_NUM_SUPPLIES };

/*
 * Wire @m for the I2C client named @consumer (e.g. "3-0060"): supplies
 * "avdd" and "dvdd" (the model is powered while both are on); with
 * HPA380_WIRE_IRQ, an interrupt for IRQN; with HPA380_WIRE_RESET, a GPIO
 * line for RESETN (active low, the client's "reset" GPIO, pulled up while
 * not driven). Everything is managed by @dev: release it only after the
 * client is gone. The model starts unpowered.
 */
struct hpa380_model_wiring *hpa380_model_wire(struct device *dev,
					      struct hpa380_model *m,
					      const char *consumer,
					      unsigned int flags);
int hpa380_model_wiring_irq(struct hpa380_model_wiring *w);
bool hpa380_model_wiring_supply_on(struct hpa380_model_wiring *w,
				   enum hpa380_model_supply supply);

#endif /* HPA380_TEST_WIRING_H */
