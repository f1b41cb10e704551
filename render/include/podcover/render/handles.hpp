// Owners for the C handles of Cairo, FreeType and HarfBuzz: every handle is wrapped once,
// here, in a unique_ptr whose deleter is the library's destroy function.
#pragma once

#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>

#include <memory>

namespace podcover::render {

namespace detail {
template <class T, void (*destroy)(T*)>
struct Deleter {
    void operator()(T* handle) const {
        if (handle)
            destroy(handle);
    }
};
inline void done_face(FT_FaceRec_* face) {
    FT_Done_Face(face);
}
}  // namespace detail

using CairoSurface =
    std::unique_ptr<cairo_surface_t, detail::Deleter<cairo_surface_t, cairo_surface_destroy>>;
using Cairo = std::unique_ptr<cairo_t, detail::Deleter<cairo_t, cairo_destroy>>;
using CairoFontFace =
    std::unique_ptr<cairo_font_face_t, detail::Deleter<cairo_font_face_t, cairo_font_face_destroy>>;
// A face of a FreeType library its owner uses on one thread (tests, fixtures). Faces of
// render's shared library are opened and closed under its lock (render/src/fonts.cpp).
using FtFace = std::unique_ptr<FT_FaceRec_, detail::Deleter<FT_FaceRec_, detail::done_face>>;
using HbBlob = std::unique_ptr<hb_blob_t, detail::Deleter<hb_blob_t, hb_blob_destroy>>;
using HbFace = std::unique_ptr<hb_face_t, detail::Deleter<hb_face_t, hb_face_destroy>>;
using HbFont = std::unique_ptr<hb_font_t, detail::Deleter<hb_font_t, hb_font_destroy>>;
using HbBuffer = std::unique_ptr<hb_buffer_t, detail::Deleter<hb_buffer_t, hb_buffer_destroy>>;

// Throws std::runtime_error naming `what` when Cairo reports an error on the surface or
// context (after cairo_surface_finish, a write error shows up here).
void check_cairo(cairo_status_t status, const char* what);

}  // namespace podcover::render
