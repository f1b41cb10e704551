#pragma once
// A rendering of a cover as a Cairo image surface, to draw proofs over. Its own header so
// that check_proof.hpp does not bring render's Cairo handles to every user of the checker.

#include "podcover/check/raster.hpp"
#include "podcover/render/handles.hpp"

namespace podcover::check {

render::CairoSurface surface_of(const Raster& raster);

}  // namespace podcover::check
