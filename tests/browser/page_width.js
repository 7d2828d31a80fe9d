(view => {
        const doc = document.documentElement;
        if (doc.scrollWidth <= view) return "";
        // Name the widest offenders: elements whose right edge passes the viewport and that
        // are not inside a scrolling region (those scroll on their own, which is fine).
        const inScroller = el => {
            for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                const o = getComputedStyle(p).overflowX;
                if (o === "auto" || o === "scroll" || o === "hidden") return true;
            }
            return false;
        };
        const wide = [...document.body.querySelectorAll("*")]
            .filter(el => el.getBoundingClientRect().right > view + 1 && !inScroller(el))
            .map(el => {
                const id = el.id ? "#" + el.id : "";
                const cls = el.classList.length ? "." + [...el.classList].join(".") : "";
                return `${el.tagName.toLowerCase()}${id}${cls} (${Math.round(el.getBoundingClientRect().right)}px)`;
            });
        return `document ${doc.scrollWidth}px wide in a ${view}px viewport: ` + wide.slice(0, 6).join(", ");
    })
