# The fonts podcover uses by default: OFL fonts from Debian's font packages. Each is named,
# found at build time in the package's directory and checked against its SHA-256, so that
# the same job renders the same PDF on every machine. No font file is committed.
#
# podcover_font(<name> <debian package> <file> <sha256> <licence>)
#
# EB Garamond (Georg Duffner, Octavio Pardo; SIL Open Font License 1.1), fonts-ebgaramond
# 0.016+git20210310.42d4f9f2-1 in Debian 12. Lato (Łukasz Dziedzic; SIL Open Font License
# 1.1), fonts-lato 2.0-2.1 in Debian 12.
podcover_font(serif fonts-ebgaramond EBGaramond12-Regular.otf
    4ee3bdb3a6618e74ac13a7b2c0a5079fa949be94a25736008ddb9f8b2e492963 OFL-1.1)
podcover_font(serif-italic fonts-ebgaramond EBGaramond12-Italic.otf
    ce6bf781c71358408102ebd62557ae11852f122364666bc034b2e70dcc972790 OFL-1.1)
podcover_font(serif-bold fonts-ebgaramond EBGaramond12-Bold.otf
    9a65d97bb80ebd3e564791de7a372312c86cc3f9bc3c2b673c786e61e7f15edb OFL-1.1)
podcover_font(sans fonts-lato Lato-Regular.ttf
    0ad460bd756454f8485609747b25c5644a54d307a65daabbb24c646c112ed541 OFL-1.1)
podcover_font(sans-italic fonts-lato Lato-Italic.ttf
    bbc138d69289c5604474166e150d39995770ca98ffb9df02adb68666ec36cc37 OFL-1.1)
podcover_font(sans-bold fonts-lato Lato-Bold.ttf
    e0b1c4de011de8dd077cf21f97919fc31158eb290ee1176cbae06d500a6304bc OFL-1.1)
