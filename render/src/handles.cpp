#include "podcover/render/handles.hpp"

#include <stdexcept>
#include <string>

namespace podcover::render {

void check_cairo(cairo_status_t status, const char* what) {
    if (status != CAIRO_STATUS_SUCCESS) {
        throw std::runtime_error(std::string("Cairo failed while ") + what + ": " +
                                 cairo_status_to_string(status));
    }
}

}  // namespace podcover::render
