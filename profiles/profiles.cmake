# The CMYK output profile podcover converts to by default: an ICC profile from a Debian
# package, named, found at build time in the package's directory and checked against its
# SHA-256, so that the same job gives the same CMYK numbers on every machine (as the fonts,
# fonts/fonts.cmake). No profile is committed. A job names its own with icc = "..."
# (docs/color.md).
#
# podcover_cmyk_profile(<debian package> <file> <sha256> <licence>)
#
# "Artifex CMYK SWOP Profile" (Artifex Software, 2011; ICC v2.1 output profile, Lab PCS):
# Ghostscript's default CMYK profile, a characterisation of SWOP (US web offset on coated
# stock), in libgs-common 10.0.0~dfsg-11 of Debian 12, under Ghostscript's licence
# (AGPL-3.0-or-later). Debian ships no other free CMYK output profile: icc-profiles-free has
# the FOGRA and CGATS characterisation data (.ti3), not profiles made from them.
podcover_cmyk_profile(libgs-common ghostscript/default_cmyk.icc
    8472fa1493a024b800b67dee9424835ec0c41ab79490200ae8ec4a689fd1b9a9 AGPL-3.0-or-later)
