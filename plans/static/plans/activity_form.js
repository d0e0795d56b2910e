// The donor's name is asked only when the funding source is a donor. Hidden, the field is also
// disabled so that a name typed before switching source is not sent (the server would refuse it).
(function () {
  "use strict";
  function setUp() {
    var source = document.getElementById("id_funding_source");
    var funder = document.getElementById("id_funder");
    if (!source || !funder) {
      return;
    }
    var wrapper = funder.closest("div") || funder;
    function update() {
      var donor = source.value === "donor";
      wrapper.hidden = !donor;
      funder.disabled = !donor;
    }
    source.addEventListener("change", update);
    update();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
