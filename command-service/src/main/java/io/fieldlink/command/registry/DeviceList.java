package io.fieldlink.command.registry;

import java.util.List;

/**
 * A page of the tenant's devices, sorted by device id.
 *
 * @param items the devices
 * @param next  cursor of the next page (pass as {@code cursor}); absent on the last page
 */
record DeviceList(List<DeviceView> items, String next) {
}
