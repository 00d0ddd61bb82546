package io.fieldlink.dashboard.web;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Deep links into the page ({@code /devices/{id}}, {@code /alerts/{id}}, as rules-service's notifications
 * write them with its {@code dashboard-url}) get the same index.html; the page's script reads the path.
 */
@Controller
@Hidden
class PageRoutesController {

    @GetMapping({"/devices/{deviceId}", "/alerts", "/alerts/{alertId}", "/rules"})
    String page() {
        return "forward:/index.html";
    }
}
