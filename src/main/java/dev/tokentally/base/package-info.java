/**
 * What every feature module builds on: time, money, audit, seed data, secrets and shared UI pieces. An
 * open module, so its sub-packages are usable everywhere.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package dev.tokentally.base;

import org.springframework.modulith.ApplicationModule;
