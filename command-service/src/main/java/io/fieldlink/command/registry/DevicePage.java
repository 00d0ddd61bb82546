package io.fieldlink.command.registry;

import java.util.List;

/**
 * One page of a tenant's devices, sorted by device id.
 *
 * @param items     the devices
 * @param lastOfPage device id to continue after, or null when this is the last page
 */
record DevicePage(List<Device> items, String lastOfPage) {
}
