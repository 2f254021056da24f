/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The emulated DAC HAT of the booted-system test: what a Raspberry Pi and
 * the HAT would be to the shipped overlay. Three platform drivers bind to
 * nodes of the test's base device tree, under the labels the overlay
 * targets (tests/system/base/pi-fragment.dts):
 *
 *   i2c1              an I2C bus on which the chip model answers
 *   gpio              GPIO, interrupt and pin controller; the HAT's RESETN
 *                     and IRQN lines are wired to two of its lines
 *   i2s_clk_producer  an I2S controller whose PCM runs in real time
 *   i2s_clk_consumer  the same, able only to take clocks (as on a Pi 5)
 *
 * The chip model exists while the I2C bus is bound; the others reach it
 * through hpa380_emul_model().
 */
#ifndef HPA380_EMUL_H
#define HPA380_EMUL_H

#include <linux/platform_device.h>

struct dentry;
struct hpa380_model;

/* The model of the chip on the HAT, or NULL; under hpa380_emul_lock(). */
struct hpa380_model *hpa380_emul_model(void);
void hpa380_emul_lock(void);
void hpa380_emul_unlock(void);
/* The HAT's debugfs directory, /sys/kernel/debug/hpa380-emul. */
struct dentry *hpa380_emul_debugfs(void);

/* hpa380-emul-i2c.c: the chip appears and goes with its bus. */
extern struct platform_driver hpa380_emul_i2c_driver;
void hpa380_emul_set_model(struct hpa380_model *m);

/* hpa380-emul-gpio.c: RESETN and IRQN follow the model once it exists. */
extern struct platform_driver hpa380_emul_gpio_driver;
void hpa380_emul_gpio_model_changed(struct hpa380_model *m);

/* hpa380-emul-i2s.c */
extern struct platform_driver hpa380_emul_i2s_driver;

#endif /* HPA380_EMUL_H */
