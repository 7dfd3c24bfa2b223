/**
 * Call `onNear` once `element` comes within `margin` of the viewport (at once where there is no
 * IntersectionObserver). Returns the function that stops watching.
 */
export function whenNearViewport(element: Element, onNear: () => void, margin = '300px'): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    onNear();
    return () => {};
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      onNear();
    },
    { rootMargin: `${margin} 0px` },
  );
  observer.observe(element);
  return () => observer.disconnect();
}
