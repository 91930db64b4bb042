# latchkey_embed_asset(OUT var FILE path NAME name NAMESPACE ns)
#   Generates, at build time, a .cc defining
#   `std::string_view <NAMESPACE>::<NAME>()` with the bytes of FILE, and puts
#   its path in OUT. The bytes are a char array, not a string literal: a
#   multi-megabyte literal can exceed compiler limits. Regenerated when FILE
#   changes.
set(LATCHKEY_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_asset.cmake)

function(latchkey_embed_asset)
  cmake_parse_arguments(LK "" "OUT;FILE;NAME;NAMESPACE" "" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_${LK_NAME}.cc)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DIN=${LK_FILE} -DOUT=${out} -DNAME=${LK_NAME}
            -DNAMESPACE=${LK_NAMESPACE} -P ${LATCHKEY_EMBED_SCRIPT}
    DEPENDS ${LK_FILE} ${LATCHKEY_EMBED_SCRIPT}
    COMMENT "Embedding ${LK_FILE}"
    VERBATIM)
  # One compiler run per asset: each defines the same private names, and a
  # megabyte-sized array would only lengthen its unity batch.
  set_source_files_properties(${out} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
  set(${LK_OUT} ${out} PARENT_SCOPE)
endfunction()
