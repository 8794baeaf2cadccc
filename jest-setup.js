// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';
import { configure } from '@testing-library/react';

// findBy*/waitFor give up after 1 s by default: too short on a loaded machine. Waiting costs nothing when
// the condition comes quickly; jest's own testTimeout (jest.config.js) stays above this.
configure({ asyncUtilTimeout: 60000 });

// jsdom has no 2D canvas and the base setup stubs getContext() to return undefined, but
// @grafana/ui measures text on a canvas (Combobox sizes its menu that way). A context whose
// measureText gives an approximate width is enough for rendering tests.
HTMLCanvasElement.prototype.getContext = function getContext() {
  return {
    font: '',
    measureText: (text) => ({ width: String(text).length * 7 }),
  };
};

// jsdom lacks IntersectionObserver, which @grafana/ui menus (Combobox) use to follow their anchor.
class IntersectionObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}
Object.defineProperty(global, 'IntersectionObserver', { writable: true, value: IntersectionObserverStub });
