/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * device: the HPA380 controls on an ALSA card, through alsa-lib. Every alsa-lib call of the
 * program is in device.c, and device.c does nothing else.
 */
#ifndef AMP_DEVICE_H
#define AMP_DEVICE_H

#include <signal.h>
#include <stddef.h>
#include "ctl.h"

struct amp_device;

/*
 * Opens the control device: name (-D) if given, else card (-c, index or id), else the first
 * card that carries the HPA380 controls. Controls are found by exact name or by the name after
 * a prefix ("HPA Gain Mode"). Returns 0, or a negative errno with a reason in err.
 */
int device_open(struct amp_device **dev, const char *card, const char *name, char *err,
		size_t errlen);
void device_close(struct amp_device *dev);

/* The ALSA name that was opened ("hw:0", "hpafake"). */
const char *device_name(const struct amp_device *dev);
/* Full ALSA name of a control, with its prefix, for messages. */
const char *device_ctl_name(const struct amp_device *dev, enum amp_ctl id);

/* ctx is the struct amp_device. */
extern const struct amp_ctl_ops device_ops;

/* Asks for control events (value changes, added and removed controls). */
int device_subscribe(struct amp_device *dev);

/*
 * Waits up to timeout_ms (-1: for ever) for an event on a control that bears on the advice
 * (load, detection, jacks, fault), with sigmask in force while waiting. Drains what is queued.
 * Returns 1 for such an event, 0 on time-out, -EINTR when a signal arrived, or an error.
 */
int device_wait(struct amp_device *dev, int timeout_ms, const sigset_t *sigmask);

#endif
