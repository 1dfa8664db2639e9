# SPDX-License-Identifier: MIT
# `cpack -G DEB` in a build folder makes embex_<version>_<arch>.deb from the install rules
# (app/CMakeLists.txt): embex, embex-cli, the icon, the .desktop entry and the MIME type of
# .embex sessions. Debian's shared-mime-info, desktop-file-utils and hicolor-icon-theme watch
# those folders with dpkg triggers, so the package needs no maintainer scripts of its own.
# tests/package/check_debian_package.sh builds it and checks its contents and dependencies.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME embex)
set(CPACK_PACKAGE_VENDOR Embex)
set(CPACK_PACKAGE_CONTACT "Embex maintainers <embex@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "explorer for the item embeddings recommender models learn")
set(CPACK_PACKAGE_DESCRIPTION "Embex opens a ratings file (user, item, rating), trains an embedding model on it \
(dot product with biases, MLP, sampled softmax, autoencoder, ALS) while the loss falls, and shows the learned \
item space: a PCA map and nearest-neighbour lists. embex-cli does the same from the command line.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
# The libraries the programs link come from dpkg-shlibdeps (dpkg-dev). Qt loads two more at run
# time that no linker sees: the platform plugins (xcb, offscreen) and the SVG icon engine.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6svg6")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-dejavu-core")
include(CPack)
