/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srtpctl: version string shared by every userspace object.
 *
 * Keep in step with KSRTP_VERSION in kmod/ksrtp.h; tests/test_cli.sh
 * checks that the two agree.
 */
#ifndef SRTPCTL_VERSION_H
#define SRTPCTL_VERSION_H

#define SRTPCTL_VERSION "0.1.0"

#endif /* SRTPCTL_VERSION_H */
