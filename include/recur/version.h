/* version.h — recur's version, printed by --version and written into reports. */
#ifndef RECUR_VERSION_H
#define RECUR_VERSION_H

#define RECUR_VERSION "0.1.0"

#endif
