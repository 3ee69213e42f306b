// Lit's `live` directive, for property bindings only (all the composer has): the same check against the element's
// current value, without lit's guards and messages for the bindings it refuses, which cost the reader's download.
import {noChange, type PropertyPart} from 'lit';
import {Directive, directive} from 'lit/directive.js';
import {setCommittedValue} from 'lit/directive-helpers.js';

class LiveProperty extends Directive {
  render(value: unknown) {
    return value;
  }

  update(part: PropertyPart, [value]: unknown[]) {
    // What the reader typed may differ from the last value set: compare with the field, and clear the committed
    // value so that setting the same value again (text put back after a refused post) still reaches the field.
    if (value === (part.element as unknown as Record<string, unknown>)[part.name]) return noChange;
    setCommittedValue(part);
    return value;
  }
}

/** Sets a property (`.value`, `.checked`) only when it differs from the element's live value. */
export const live = directive(LiveProperty);
