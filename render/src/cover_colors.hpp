// A cover's colours for CMYK output: small black text in one ink, art drawn opaque (PDF/X-1a
// has no transparency), and the preview soft-proofed. Internal to the renderer.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "podcover/render/color.hpp"
#include "podcover/render/cover.hpp"
#include "podcover/render/render_job.hpp"

namespace podcover::render {

// CMYK converters made once for each profile file and set of ink rules, and shared by the
// covers that use the same (a converter builds its lookup tables when made, some 30 ms); and
// podcover's own profile, read once.
class CmykConverters {
  public:
    std::shared_ptr<const CmykConverter> get(CmykProfile profile, const InkRules& rules);
    const CmykProfile& builtin_profile();

  private:
    std::optional<CmykProfile> builtin_;
    struct Made {
        std::filesystem::path profile_file;
        std::string profile_sha256;
        InkRules rules;
        std::shared_ptr<const CmykConverter> converter;
    };
    std::vector<Made> made_;
};

// A cover's colour on one printer, as render_job decides it (`every_printer`, --color, else
// the job's, else the printer's own), and for a CMYK cover the converter its PDF and its
// soft-proofed preview go through (the job's profile for the printer, or podcover's). Throws
// InputError naming the job's icc when that profile cannot be read.
struct CoverInk {
    CoverColor color;
    std::shared_ptr<const CmykConverter> converter;  // none for an RGB cover
};
CoverInk cover_ink(const Job& job, const PrinterSpec& printer,
                   const std::optional<ColorMode>& every_printer, CmykConverters& converters);

// Text up to the printer's size for one-ink text whose colour is black (CmykConverter::
// is_black) is set in pure black, which prints as 100% K (IngramSpark: text up to 24 pt in
// 100% K [IS-G]). Returns the lines changed.
int set_small_black_text_in_k(CoverPlan& plan, const CmykConverter& converter);

// The cover's pictures opaque: an image with transparency drawn over `backdrop` first. In a
// podcover plan pictures lie on the background fill and on nothing else, so this is exact.
class OpaqueArt : public PlanColors {
  public:
    explicit OpaqueArt(Color backdrop) : backdrop_(backdrop) {}
    CairoSurface picture(const Image& image, CairoSurface surface, Target target) const override;

  protected:
    Color backdrop_;
};

// The preview of a CMYK cover: each colour as it will print, through the same profile, ink
// limit and black rules as the PDF (soft proof), shown in sRGB.
class SoftProof : public OpaqueArt {
  public:
    SoftProof(const CmykConverter& converter, Color backdrop)
        : OpaqueArt(backdrop), converter_(converter) {}
    Color vector(const Color& color) const override { return converter_.proof(color); }
    CairoSurface picture(const Image& image, CairoSurface surface, Target target) const override;

  private:
    const CmykConverter& converter_;
};

}  // namespace podcover::render
