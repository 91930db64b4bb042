# latchkey_check_layering(): features and the app do not see the HTTP engine
# or the database drivers. Beast/Asio belong to src/http, libpq, SQLite and
# hiredis to src/store (docs/architecture.md, "Layers"); those modules link them
# PRIVATE. This fails the configure step when a target under src/features or
# src/app gets the usage requirements (include paths, definitions) of one of
# them anyway: linked directly, or through another target's PUBLIC link.
# scripts/check-layering.sh runs it, beside a check of the #includes.
set(LATCHKEY_LAYER_PRIVATE_TARGETS latchkey_http_asio SQLite::SQLite3 PostgreSQL::PostgreSQL
    PkgConfig::HIREDIS)

# The target itself when it is not an alias.
function(_latchkey_real_target name out)
  if(TARGET ${name})
    get_target_property(aliased ${name} ALIASED_TARGET)
    if(aliased)
      set(name ${aliased})
    endif()
  endif()
  set(${out} ${name} PARENT_SCOPE)
endfunction()

# Every target whose usage requirements apply when `target` compiles: its
# direct links (PUBLIC and PRIVATE), then their PUBLIC/INTERFACE links,
# transitively. $<LINK_ONLY:x> (what a static library's PRIVATE link becomes
# for its users) is a link-line entry only, so it is not followed.
function(_latchkey_compile_closure target out)
  get_target_property(type ${target} TYPE)
  set(queue "")
  if(NOT type STREQUAL "INTERFACE_LIBRARY")
    get_target_property(direct ${target} LINK_LIBRARIES)
    if(direct)
      list(APPEND queue ${direct})
    endif()
  endif()
  get_target_property(iface ${target} INTERFACE_LINK_LIBRARIES)
  if(iface)
    list(APPEND queue ${iface})
  endif()
  set(seen "")
  while(queue)
    list(POP_FRONT queue item)
    if(item MATCHES "^\\$<LINK_ONLY:" OR NOT TARGET ${item})
      continue()
    endif()
    _latchkey_real_target(${item} item)
    if(item IN_LIST seen)
      continue()
    endif()
    list(APPEND seen ${item})
    get_target_property(next ${item} INTERFACE_LINK_LIBRARIES)
    if(next)
      list(APPEND queue ${next})
    endif()
  endwhile()
  set(${out} ${seen} PARENT_SCOPE)
endfunction()

function(_latchkey_targets_under dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    _latchkey_targets_under(${sub} more)
    list(APPEND targets ${more})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

function(latchkey_check_layering)
  set(forbidden "")
  foreach(name IN LISTS LATCHKEY_LAYER_PRIVATE_TARGETS)
    _latchkey_real_target(${name} real)
    list(APPEND forbidden ${real})
  endforeach()
  _latchkey_targets_under(${PROJECT_SOURCE_DIR}/src/features features)
  _latchkey_targets_under(${PROJECT_SOURCE_DIR}/src/app app)
  set(violations "")
  foreach(target IN LISTS features app)
    _latchkey_compile_closure(${target} closure)
    foreach(dep IN LISTS closure)
      if(dep IN_LIST forbidden)
        list(APPEND violations "${target} -> ${dep}")
      endif()
    endforeach()
  endforeach()
  if(violations)
    list(JOIN violations "\n  " text)
    message(FATAL_ERROR "layering: these targets under src/features or src/app see a library "
                        "that belongs to src/http or src/store (link it PRIVATE there, "
                        "cmake/Layering.cmake):\n  ${text}")
  endif()
endfunction()
