# What `cmake --install` puts beside the podcover program, for programs of their own
# (docs/install.md): the libraries (static archives) with their headers, a CMake package
# (find_package(podcover): podcover::geometry, podcover::templates, podcover::render,
# podcover::check, podcover::adapt) with its version file, and a pkg-config file. Both are relocatable: they
# find the libraries relative to where they are installed.
include(CMakePackageConfigHelpers)

# The libraries in link order (each after those that use it), as podcover::<export name>.
set(podcover_installed_libraries
    podcover_adapt adapt
    podcover_check check
    podcover_check_raster check_raster
    podcover_render render
    podcover_barcode barcode
    podcover_templates templates
    podcover_toml toml
    podcover_geometry geometry)
set(podcover_install_targets "")
set(podcover_pkg_config_libs "")
set(podcover_pkg_config_definitions "")
while(podcover_installed_libraries)
    list(POP_FRONT podcover_installed_libraries target export_name)
    set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
    list(APPEND podcover_install_targets ${target})
    string(APPEND podcover_pkg_config_libs " -l${target}")
    get_target_property(definitions ${target} INTERFACE_COMPILE_DEFINITIONS)
    if(definitions)
        list(APPEND podcover_pkg_config_definitions ${definitions})
    endif()
endwhile()
list(REMOVE_DUPLICATES podcover_pkg_config_definitions)
list(TRANSFORM podcover_pkg_config_definitions PREPEND " -D")
list(JOIN podcover_pkg_config_definitions "" PODCOVER_PKG_CONFIG_DEFINITIONS)

install(TARGETS ${podcover_install_targets}
    EXPORT podcoverTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
foreach(component IN ITEMS geometry templates render check adapt)
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/${component}/include/
            DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()

# The third-party libraries render and check link, found again by the package as the build
# found them (podcover_pkg_check_modules in CMakeLists.txt).
get_property(podcover_pkg_prefixes GLOBAL PROPERTY PODCOVER_PKG_PREFIXES)
set(PODCOVER_CONFIG_PKG_MODULES "")
set(podcover_pkg_config_requires tomlplusplus)
foreach(prefix IN LISTS podcover_pkg_prefixes)
    get_property(modules GLOBAL PROPERTY PODCOVER_PKG_MODULES_${prefix})
    list(JOIN modules " " modules_text)
    string(APPEND PODCOVER_CONFIG_PKG_MODULES "    ${prefix} \"${modules_text}\"\n")
    list(APPEND podcover_pkg_config_requires ${modules})
endforeach()
list(REMOVE_DUPLICATES podcover_pkg_config_requires)
list(JOIN podcover_pkg_config_requires ", " PODCOVER_PKG_CONFIG_REQUIRES)

set(podcover_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/podcover)
install(EXPORT podcoverTargets NAMESPACE podcover:: DESTINATION ${podcover_cmake_dir})
configure_package_config_file(cmake/podcoverConfig.cmake.in
    ${PROJECT_BINARY_DIR}/podcoverConfig.cmake
    INSTALL_DESTINATION ${podcover_cmake_dir})
# 0.x: a minor version may change the interface.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/podcoverConfigVersion.cmake
    COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/podcoverConfig.cmake
              ${PROJECT_BINARY_DIR}/podcoverConfigVersion.cmake
        DESTINATION ${podcover_cmake_dir})

# pkg-config: the prefix is found from the .pc file's own folder (${pcfiledir}).
set(podcover_pkg_config_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH PODCOVER_PKG_CONFIG_PREFIX
     /prefix/${podcover_pkg_config_dir} /prefix)
string(REGEX REPLACE "/$" "" PODCOVER_PKG_CONFIG_PREFIX "${PODCOVER_PKG_CONFIG_PREFIX}")
set(PODCOVER_PKG_CONFIG_LIBS "${podcover_pkg_config_libs}")
set(PODCOVER_PKG_CONFIG_LIBS_PRIVATE "${ZINT_LIBRARY}")
configure_file(cmake/podcover.pc.in ${PROJECT_BINARY_DIR}/podcover.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/podcover.pc DESTINATION ${podcover_pkg_config_dir})
